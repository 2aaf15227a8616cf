package dev.klink.tokens.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one hit of the verification cache costs, piece by piece: why {@code CachingTokenStore} keeps Caffeine to its
 * size bound and judges a row's age by the verification's own time. A hit with {@code expireAfterWrite} reads the
 * clock, which on some virtual machines costs as much as the lookup itself.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class CacheLookupBenchmark {

    private static final String KEY = "Abcdefghij123456";

    private final ConcurrentHashMap<String, Object> map = new ConcurrentHashMap<>();
    /** What the verification cache used before: a time to live per entry and Caffeine's default executor. */
    private final Cache<String, Object> expiring = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(10, TimeUnit.SECONDS).build();
    /** What it uses now: the size bound only, upkeep on the calling thread. */
    private final Cache<String, Object> sizeBound = Caffeine.newBuilder().maximumSize(10_000)
            .executor(Runnable::run).build();
    private final Clock clock = Clock.systemUTC();
    private String key;

    @Setup
    public void setUp() {
        key = new String(KEY.toCharArray()); // not the interned literal, as a token's id is not
        Object value = new Object();
        map.put(key, value);
        expiring.put(key, value);
        sizeBound.put(key, value);
    }

    @Benchmark
    public Object concurrentHashMap() {
        return map.get(key);
    }

    @Benchmark
    public Object caffeineExpireAfterWrite() {
        return expiring.getIfPresent(key);
    }

    @Benchmark
    public Object caffeineSizeBound() {
        return sizeBound.getIfPresent(key);
    }

    /** The ticker {@code expireAfterWrite} reads on every hit. */
    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }

    /** The clock a verification reads once anyway. */
    @Benchmark
    public Instant clockInstant() {
        return clock.instant();
    }
}
