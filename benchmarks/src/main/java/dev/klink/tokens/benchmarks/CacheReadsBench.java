package dev.klink.tokens.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.caffeine.CachingTokenStore;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import dev.klink.tokens.spi.TokenStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * Database reads per verification, with and without the verification cache: {@code threads} threads verify
 * {@code tokens} PostgreSQL-stored tokens in turn for {@code seconds}, and every {@code findById} that reaches
 * {@link JdbiTokenStore} is counted. The cache runs with its defaults (10 000 tokens, 10 s) and the service with its
 * (last use written at most once a minute).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar -Dklink.bench.postgres=... \
 *     dev.klink.tokens.benchmarks.CacheReadsBench [seconds=30] [tokens=1000] [threads=2]
 * </pre>
 */
public final class CacheReadsBench {

    private CacheReadsBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int tokenCount = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        try (HikariDataSource dataSource = DbVerifyBenchmark.dataSource("postgres")) {
            JdbiTokenStore jdbiStore = JdbiTokenStore.builder(Jdbi.create(dataSource)).tablePrefix("klink_reads_")
                    .build();
            jdbiStore.migrate();
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("TRUNCATE " + jdbiStore.tokensTable());
            }
            AtomicLong reads = new AtomicLong();
            TokenStore counted = countingReads(jdbiStore, reads);
            List<String> tokens = new ArrayList<>();
            try (TokenService issuer = TokenService.builder(jdbiStore).hasher(Fixtures.klinkHasher()).build()) {
                for (int i = 0; i < tokenCount; i++) {
                    tokens.add(issuer.issue(IssueRequest.builder(Fixtures.TENANT, Fixtures.OWNER + (i % 100))
                            .name(Fixtures.TOKEN_NAME).abilities(Fixtures.ABILITY).expiresAfter(Fixtures.LIFETIME)
                            .build()).plaintext());
                }
            }
            for (boolean cached : new boolean[] {false, true}) {
                TokenStore store = cached ? CachingTokenStore.builder(counted).build() : counted;
                try (TokenService service = TokenService.builder(store).hasher(Fixtures.klinkHasher()).build()) {
                    reads.set(0);
                    long verifications = run(service, tokens, threads, seconds);
                    System.out.println(String.format(Locale.ROOT, "cache=%s threads=%d tokens=%d seconds=%d"
                            + " verifications=%d per_second=%.0f store_reads=%d reads_per_verification=%.6f",
                            cached ? "on" : "off", threads, tokenCount, seconds, verifications,
                            verifications / (double) seconds, reads.get(), reads.get() / (double) verifications));
                }
            }
        }
    }

    /** Verifies the tokens in turn on each thread for {@code seconds}; how many verifications were valid. */
    private static long run(TokenService service, List<String> tokens, int threads, int seconds)
            throws InterruptedException {
        AtomicLong valid = new AtomicLong();
        AbilityCheck check = AbilityCheck.all(Fixtures.ABILITY);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t * tokens.size() / threads;
            Thread thread = new Thread(() -> {
                long count = 0;
                int next = offset;
                while (System.nanoTime() < end) {
                    if (service.verify(tokens.get(next), Fixtures.TENANT, check, Fixtures.CLIENT_IP).isValid()) {
                        count++;
                    }
                    next = (next + 1) % tokens.size();
                }
                valid.addAndGet(count);
            });
            running.add(thread);
            thread.start();
        }
        for (Thread thread : running) {
            thread.join();
        }
        return valid.get();
    }

    /** The store, counting each {@code findById} that reaches it. */
    private static TokenStore countingReads(TokenStore store, AtomicLong reads) {
        return (TokenStore) Proxy.newProxyInstance(TokenStore.class.getClassLoader(), new Class<?>[] {TokenStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("findById")) {
                        reads.incrementAndGet();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
