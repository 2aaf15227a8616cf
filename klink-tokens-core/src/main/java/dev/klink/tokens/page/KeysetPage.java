package dev.klink.tokens.page;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One page of a listing read by {@link KeysetRequest}: the rows, and where the next page starts ({@code null} on
 * the last page). It holds no total: counting every row would cost what keyset paging saves.
 */
public record KeysetPage<T>(List<T> items, @Nullable KeysetCursor next) {

    public KeysetPage {
        items = List.copyOf(items);
    }

    /**
     * The page of {@code rows}, which a store read with a limit of {@code size + 1}: when more than {@code size} came
     * back there is a next page, starting after the last row kept.
     */
    public static <T> KeysetPage<T> of(List<T> rows, int size, Function<? super T, KeysetCursor> position) {
        if (rows.size() <= size) {
            return new KeysetPage<>(rows, null);
        }
        List<T> items = rows.subList(0, size);
        return new KeysetPage<>(items, position.apply(items.get(size - 1)));
    }

    /** Whether there is a next page. */
    public boolean hasNext() {
        return next != null;
    }

    /** {@link #next()} encoded for a client, or {@code null} on the last page. */
    public @Nullable String nextCursor() {
        return next == null ? null : next.encode();
    }

    public <R> KeysetPage<R> map(Function<? super T, ? extends R> mapper) {
        return new KeysetPage<>(items.stream().<R>map(mapper).toList(), next);
    }
}
