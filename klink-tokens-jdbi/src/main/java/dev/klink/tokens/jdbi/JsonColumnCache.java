package dev.klink.tokens.jdbi;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Parsed values of a JSON column by their text. Tokens share few distinct ability sets, so a small cache spares a
 * JSON parse on almost every read. Bounded: when full it starts over, which costs a parse per entry, nothing more.
 * Values must be immutable; text that does not parse (the parser answers {@code null}) is never cached.
 */
final class JsonColumnCache<T> {

    static final int MAX_ENTRIES = 512;

    private final ConcurrentMap<String, T> values = new ConcurrentHashMap<>();
    private final Function<@Nullable String, @Nullable T> parser;

    JsonColumnCache(Function<@Nullable String, @Nullable T> parser) {
        this.parser = parser;
    }

    /** The parsed value of {@code text}, or {@code null} when it is null or does not parse. */
    @Nullable T get(@Nullable String text) {
        if (text == null) {
            return null;
        }
        T cached = values.get(text);
        if (cached != null) {
            return cached;
        }
        T parsed = parser.apply(text);
        if (parsed != null) {
            if (values.size() >= MAX_ENTRIES) {
                values.clear();
            }
            values.put(text, parsed);
        }
        return parsed;
    }
}
