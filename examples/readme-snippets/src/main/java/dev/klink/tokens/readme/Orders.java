package dev.klink.tokens.readme;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/** The example shop's orders, per tenant. */
@Service
public class Orders {

    private final Map<String, Order> byId = new ConcurrentHashMap<>();

    public Order place(String tenantId, String ownerId, NewOrder order) {
        Order placed = new Order(UUID.randomUUID().toString(), tenantId, ownerId, order.customer());
        byId.put(placed.id(), placed);
        return placed;
    }

    public List<Order> list(String tenantId) {
        return byId.values().stream().filter(order -> order.tenantId().equals(tenantId)).toList();
    }

    public List<Order> list(String tenantId, String ownerId) {
        return list(tenantId).stream().filter(order -> order.placedBy().equals(ownerId)).toList();
    }

    public void cancel(String id) {
        byId.remove(id);
    }
}
