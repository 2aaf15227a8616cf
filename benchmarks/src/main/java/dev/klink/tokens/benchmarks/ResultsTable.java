package dev.klink.tokens.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the JMH JSON and wrk output of one run into the Markdown tables of {@code BENCHMARKS.md}: scores with error
 * bars and allocation per operation, then each target ratio, so that no number is copied by hand.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.klink.tokens.benchmarks.ResultsTable benchmarks/results
 * </pre>
 */
public final class ResultsTable {

    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

    /** One measured benchmark: throughput and its 99.9% error, bytes allocated per operation. */
    record Score(String name, double opsPerSecond, double error, double bytesPerOp) {
        double relativeError() {
            return opsPerSecond == 0 ? 0 : error / opsPerSecond;
        }
    }

    private final Map<String, Score> scores = new LinkedHashMap<>();
    private final StringBuilder out = new StringBuilder();

    private ResultsTable() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        ResultsTable table = new ResultsTable();
        table.read(dir.resolve("verify-t1.json"), "t1");
        table.read(dir.resolve("verify-t2.json"), "t2");
        table.read(dir.resolve("db-verify.json"), "");
        table.read(dir.resolve("issue.json"), "");
        table.readWrk(dir, "wrk-unprotected-", "http.unprotected");
        table.readWrk(dir, "wrk-protected-", "http.protected");
        table.scoresTable();
        table.targetsTable();
        System.out.print(table.out);
    }

    private void read(Path file, String suffix) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        JsonNode results = JsonMapper.builder().build().readTree(file.toFile());
        for (JsonNode result : results) {
            String name = result.get("benchmark").asString().replaceFirst(".*\\.benchmarks\\.", "");
            JsonNode params = result.get("params");
            if (params != null && params.has("database")) {
                name += "[" + params.get("database").asString() + "]";
            }
            if (!suffix.isEmpty()) {
                name += "@" + suffix;
            }
            JsonNode primary = result.get("primaryMetric");
            JsonNode alloc = result.path("secondaryMetrics").path("gc.alloc.rate.norm");
            scores.put(name, new Score(name, primary.get("score").asDouble(), finite(primary.get("scoreError")),
                    alloc.isMissingNode() ? Double.NaN : alloc.get("score").asDouble()));
        }
    }

    /** The mean requests/s of every round ({@code <prefix>1.txt}, ...), with half the range as its error. */
    private void readWrk(Path dir, String prefix, String name) throws IOException {
        double sum = 0;
        double min = Double.MAX_VALUE;
        double max = 0;
        int rounds = 0;
        for (int round = 1; Files.exists(dir.resolve(prefix + round + ".txt")); round++) {
            Matcher matcher = REQUESTS_PER_SECOND.matcher(Files.readString(dir.resolve(prefix + round + ".txt")));
            if (matcher.find()) {
                double value = Double.parseDouble(matcher.group(1));
                sum += value;
                min = Math.min(min, value);
                max = Math.max(max, value);
                rounds++;
            }
        }
        if (rounds > 0) {
            scores.put(name, new Score(name, sum / rounds, (max - min) / 2, Double.NaN));
        }
    }

    private static double finite(@Nullable JsonNode node) {
        if (node == null || !node.isNumber()) {
            return 0; // JMH writes "NaN" when there were too few iterations for an error
        }
        return node.asDouble();
    }

    private void scoresTable() {
        out.append("| benchmark | ops/s | ± (99.9%) | B/op |\n|---|---:|---:|---:|\n");
        for (Score score : scores.values()) {
            out.append("| ").append(score.name()).append(" | ").append(number(score.opsPerSecond()))
                    .append(" | ").append(score.error() == 0 ? "" : number(score.error()))
                    .append(" | ").append(Double.isNaN(score.bytesPerOp()) ? "" : number(score.bytesPerOp()))
                    .append(" |\n");
        }
        out.append('\n');
    }

    private void targetsTable() {
        out.append("| target | measured | goal | met |\n|---|---:|---:|:-:|\n");
        ratio("klinkInMemory / jjwtHs256", "VerifyBenchmark.klinkInMemory@t1", "VerifyBenchmark.jjwtHs256@t1", 10);
        ratio("klinkInMemory / auth0Hs256", "VerifyBenchmark.klinkInMemory@t1", "VerifyBenchmark.auth0Hs256@t1", 2);
        ratio("klinkInMemory / nimbusHs256 (no target)", "VerifyBenchmark.klinkInMemory@t1",
                "VerifyBenchmark.nimbusHs256@t1", Double.NaN);
        ratio("klinkInMemory / nimbusRs256", "VerifyBenchmark.klinkInMemory@t1", "VerifyBenchmark.nimbusRs256@t1",
                100);
        ratio("klinkInMemory / bcryptVerify", "VerifyBenchmark.klinkInMemory@t1", "VerifyBenchmark.bcryptVerify@t1",
                10_000);
        ratio("klinkInMemory / cryptoFloor", "VerifyBenchmark.klinkInMemory@t1", "VerifyBenchmark.cryptoFloor@t1",
                0.5);
        Score klink = scores.get("VerifyBenchmark.klinkInMemory@t1");
        if (klink != null) {
            out.append("| klinkInMemory allocation per verification | ").append(number(klink.bytesPerOp()))
                    .append(" B | ≤ 256 B | ").append(klink.bytesPerOp() <= 256 ? "yes" : "**no**").append(" |\n");
        }
        ratio("klinkInMemory 2 threads / 1 thread", "VerifyBenchmark.klinkInMemory@t2",
                "VerifyBenchmark.klinkInMemory@t1", 1.8);
        ratio("cryptoFloor 2 threads / 1 thread (what the machine allows)", "VerifyBenchmark.cryptoFloor@t2",
                "VerifyBenchmark.cryptoFloor@t1", Double.NaN);
        ratio("klinkRejectBadChecksum / klinkInMemory", "VerifyBenchmark.klinkRejectBadChecksum@t1",
                "VerifyBenchmark.klinkInMemory@t1", 5);
        ratio("klinkJdbi / rawJdbcSelect, PostgreSQL", "DbVerifyBenchmark.klinkJdbi[postgres]",
                "DbVerifyBenchmark.rawJdbcSelect[postgres]", 0.85);
        ratio("klinkJdbi / sanctumStyle, PostgreSQL", "DbVerifyBenchmark.klinkJdbi[postgres]",
                "DbVerifyBenchmark.sanctumStyle[postgres]", 2);
        ratio("klinkJdbi / rawJdbcSelect, H2 (no target)", "DbVerifyBenchmark.klinkJdbi[h2]",
                "DbVerifyBenchmark.rawJdbcSelect[h2]", Double.NaN);
        ratio("klinkJdbi / sanctumStyle, H2", "DbVerifyBenchmark.klinkJdbi[h2]", "DbVerifyBenchmark.sanctumStyle[h2]",
                2);
        ratio("HTTP protected / unprotected requests/s (mean of rounds)", "http.protected", "http.unprotected", 0.9);
        out.append('\n');
    }

    /** A ratio with its error from both error bars (relative errors added in quadrature). */
    private void ratio(String label, String numerator, String denominator, double goal) {
        Score a = scores.get(numerator);
        Score b = scores.get(denominator);
        if (a == null || b == null) {
            return;
        }
        double ratio = a.opsPerSecond() / b.opsPerSecond();
        double error = ratio * Math.hypot(a.relativeError(), b.relativeError());
        out.append("| ").append(label).append(" | ").append(ratio(ratio));
        if (error > 0) {
            out.append(" ± ").append(ratio(error));
        }
        out.append(" | ");
        if (Double.isNaN(goal)) {
            out.append("— | |\n");
        } else {
            out.append("≥ ").append(ratio(goal)).append(" | ").append(ratio >= goal ? "yes" : "**no**").append(" |\n");
        }
    }

    private static String number(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.3g", value);
    }

    private static String ratio(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) + "×"
                : String.format(Locale.ROOT, "%.2f", value) + "×";
    }
}
