package dev.klink.tokens.spring.filterapp;

import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.servlet.TokenRequests;
import dev.klink.tokens.spring.RequiresAbilities;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** An application without Spring Security: the servlet filter and @RequiresAbilities protect it. */
@SpringBootApplication
public class FilterApp {

    @RestController
    static class Api {

        @GetMapping("/public/hello")
        String hello() {
            return "hello";
        }

        @GetMapping("/api/orders")
        @RequiresAbilities("orders:read")
        String orders(HttpServletRequest request) {
            return "orders of " + TokenRequests.principal(request).orElseThrow().ownerId();
        }

        @DeleteMapping("/api/orders/{id}")
        @RequiresAbilities(value = { "orders:write", "admin" }, mode = AbilityCheck.Mode.ANY)
        String cancel(@PathVariable("id") String id, HttpServletRequest request) {
            return "cancelled " + id + " by " + request.getRemoteUser();
        }

        @GetMapping("/api/reports/{name}")
        String report(@PathVariable("name") String name) {
            return "report " + name;
        }
    }
}
