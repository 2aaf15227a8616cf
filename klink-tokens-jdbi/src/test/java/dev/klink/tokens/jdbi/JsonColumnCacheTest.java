package dev.klink.tokens.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JsonColumnCacheTest {

    private final AtomicInteger parses = new AtomicInteger();
    private final JsonColumnCache<List<String>> cache = new JsonColumnCache<>(text -> {
        parses.incrementAndGet();
        return text.startsWith("[") ? List.of(text) : null;
    });

    @Test
    void getWhenSameTextTwiceThenParsedOnceAndSameValue() {
        List<String> first = cache.get("[\"orders:read\"]");
        List<String> second = cache.get("[\"orders:read\"]");

        assertThat(second).isSameAs(first).containsExactly("[\"orders:read\"]");
        assertThat(parses).hasValue(1);
    }

    @Test
    void getWhenTextDoesNotParseThenNullAndParsedAgainNextTime() {
        assertThat(cache.get("{broken")).isNull();
        assertThat(cache.get("{broken")).isNull();

        assertThat(parses).hasValue(2);
    }

    @Test
    void getWhenNullThenNullWithoutParsing() {
        assertThat(cache.get(null)).isNull();

        assertThat(parses).hasValue(0);
    }

    @Test
    void getWhenFullThenStartsOverAndStillAnswers() {
        for (int i = 0; i <= JsonColumnCache.MAX_ENTRIES; i++) {
            assertThat(cache.get("[" + i + "]")).containsExactly("[" + i + "]");
        }
        assertThat(parses).hasValue(JsonColumnCache.MAX_ENTRIES + 1);

        assertThat(cache.get("[0]")).containsExactly("[0]");
        assertThat(parses).hasValue(JsonColumnCache.MAX_ENTRIES + 2);
    }
}
