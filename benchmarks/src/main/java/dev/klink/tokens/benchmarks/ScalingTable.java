package dev.klink.tokens.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the rounds written by {@code run-scaling-benchmarks.sh} into the Markdown tables of {@code BENCHMARKS.md}:
 * each benchmark's median over the rounds with the lowest and highest round, and each target as the median of the
 * ratios taken within a round (both sides measured in the same minute), so that no number is copied by hand.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.klink.tokens.benchmarks.ScalingTable benchmarks/results/scaling
 * </pre>
 */
public final class ScalingTable {

    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern FIELD = Pattern.compile("(\\w+)=([^ ]+)");

    /** Per round: benchmark name -> {ops/s, B/op}. */
    private final List<Map<String, double[]>> rounds = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();

    private ScalingTable() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/results/scaling");
        ScalingTable table = new ScalingTable();
        // a round is there when its JMH results or (HTTP_ONLY runs) its first wrk result is
        for (int round = 1; Files.exists(dir.resolve("jmh-" + round + ".json"))
                || Files.exists(dir.resolve("wrk-unprotected-" + round + ".txt")); round++) {
            Map<String, double[]> scores = new LinkedHashMap<>();
            read(dir.resolve("jmh-" + round + ".json"), "", scores);
            read(dir.resolve("baseline-" + round + ".json"), "baseline ", scores);
            read(dir.resolve("growth-" + round + ".json"), "", scores);
            readWrk(dir, round, scores);
            table.rounds.add(scores);
        }
        table.scores();
        table.targets();
        table.prune(dir.resolve("prune.txt"));
        System.out.print(table.out);
    }

    private static void read(Path file, String label, Map<String, double[]> scores) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        for (JsonNode result : JsonMapper.builder().build().readTree(file.toFile())) {
            String name = label + result.get("benchmark").asString().replaceFirst(".*\\.benchmarks\\.", "");
            JsonNode params = result.get("params");
            if (params != null) {
                for (var param : params.properties()) {
                    name += "[" + param.getValue().asString() + "]";
                }
            }
            JsonNode alloc = result.path("secondaryMetrics").path("gc.alloc.rate.norm");
            scores.put(name, new double[] {result.get("primaryMetric").get("score").asDouble(),
                    alloc.isMissingNode() ? Double.NaN : alloc.get("score").asDouble()});
        }
    }

    private static void readWrk(Path dir, int round, Map<String, double[]> scores) throws IOException {
        for (String side : List.of("unprotected", "protected", "cached")) {
            Path file = dir.resolve("wrk-" + side + "-" + round + ".txt");
            if (Files.exists(file)) {
                Matcher matcher = REQUESTS_PER_SECOND.matcher(Files.readString(file));
                if (matcher.find()) {
                    scores.put("http." + side, new double[] {Double.parseDouble(matcher.group(1)), Double.NaN});
                }
            }
        }
    }

    private void scores() {
        out.append("| benchmark | median ops/s | lowest – highest round | B/op (median) |\n|---|---:|---:|---:|\n");
        List<String> names = new ArrayList<>();
        rounds.forEach(round -> round.keySet().stream().filter(name -> !names.contains(name)).forEach(names::add));
        for (String name : names) {
            List<Double> ops = values(round -> round.containsKey(name) ? round.get(name)[0] : Double.NaN);
            List<Double> bytes = values(round -> round.containsKey(name) ? round.get(name)[1] : Double.NaN);
            out.append("| ").append(name).append(" | ").append(number(median(ops))).append(" | ")
                    .append(number(ops.get(0))).append(" – ").append(number(ops.get(ops.size() - 1))).append(" | ")
                    .append(bytes.isEmpty() ? "" : number(median(bytes))).append(" |\n");
        }
        out.append('\n');
    }

    private void targets() {
        out.append("| target | per round | median | median's 95 % interval | goal | met |\n"
                + "|---|---|---:|---:|---:|:-:|\n");
        ratio("klinkInMemoryRequest / cryptoFloor", "VerifyBenchmark.klinkInMemoryRequest",
                "VerifyBenchmark.cryptoFloor", 0.6);
        ratio("klinkInMemory / cryptoFloor (no target)", "VerifyBenchmark.klinkInMemory",
                "VerifyBenchmark.cryptoFloor", Double.NaN);
        ratio("before: klinkInMemoryRequest / cryptoFloor", "baseline VerifyBenchmark.klinkInMemoryRequest",
                "baseline VerifyBenchmark.cryptoFloor", Double.NaN);
        allocation("klinkInMemoryRequest allocation per verification", "VerifyBenchmark.klinkInMemoryRequest");
        allocation("before: klinkInMemoryRequest allocation", "baseline VerifyBenchmark.klinkInMemoryRequest");
        ratio("klinkJdbiCached[postgres] / klinkInMemory", "DbVerifyBenchmark.klinkJdbiCached[postgres]",
                "VerifyBenchmark.klinkInMemory", 0.9);
        ratio("klinkJdbiCached[h2] / klinkInMemory", "DbVerifyBenchmark.klinkJdbiCached[h2]",
                "VerifyBenchmark.klinkInMemory", 0.9);
        ratio("klinkJdbi time per verification, 10^6 rows / 10^3 rows", "DbGrowthBenchmark.klinkJdbi[1000]",
                "DbGrowthBenchmark.klinkJdbi[1000000]", 1.2, true);
        ratio("HTTP protected / unprotected", "http.protected", "http.unprotected", 0.95);
        ratio("HTTP protected, PostgreSQL + cache / unprotected", "http.cached", "http.unprotected", 0.95);
        out.append('\n');
    }

    /** The ratio within each round and their median. */
    private void ratio(String label, String numerator, String denominator, double goal) {
        ratio(label, numerator, denominator, goal, false);
    }

    /** With {@code atMost}, the goal is an upper bound. */
    private void ratio(String label, String numerator, String denominator, double goal, boolean atMost) {
        List<String> perRound = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (Map<String, double[]> round : rounds) {
            if (round.containsKey(numerator) && round.containsKey(denominator)) {
                double ratio = round.get(numerator)[0] / round.get(denominator)[0];
                ratios.add(ratio);
                perRound.add(String.format(Locale.ROOT, "%.2f", ratio));
            }
        }
        if (ratios.isEmpty()) {
            return;
        }
        double median = median(ratios);
        out.append("| ").append(label).append(" | ").append(String.join(", ", perRound)).append(" | ")
                .append(String.format(Locale.ROOT, "%.3f×", median)).append(" | ")
                .append(medianInterval(ratios)).append(" | ")
                .append(Double.isNaN(goal) ? "—" : String.format(Locale.ROOT, atMost ? "≤ %.2f×" : "≥ %.2f×", goal))
                .append(" | ").append(Double.isNaN(goal) ? "" : (atMost ? median <= goal : median >= goal) ? "yes"
                        : "**no**").append(" |\n");
    }

    /**
     * A percentile bootstrap of the median (10 000 resamples, a fixed seed so that a rerun prints the same), for ten
     * rounds or more; fewer say too little about the spread.
     */
    private static String medianInterval(List<Double> ratios) {
        if (ratios.size() < 10) {
            return "—";
        }
        SplittableRandom random = new SplittableRandom(1);
        double[] medians = new double[10_000];
        List<Double> sample = new ArrayList<>(ratios.size());
        for (int i = 0; i < medians.length; i++) {
            sample.clear();
            for (int j = 0; j < ratios.size(); j++) {
                sample.add(ratios.get(random.nextInt(ratios.size())));
            }
            medians[i] = median(sample);
        }
        Arrays.sort(medians);
        return String.format(Locale.ROOT, "%.3f – %.3f", medians[250], medians[9_749]);
    }

    private void allocation(String label, String name) {
        List<Double> bytes = values(round -> round.containsKey(name) ? round.get(name)[1] : Double.NaN);
        if (!bytes.isEmpty()) {
            double median = median(bytes);
            out.append("| ").append(label).append(" | ").append(bytes.stream().map(ScalingTable::number).toList()
                    .toString().replaceAll("[\\[\\]]", "")).append(" | ").append(number(median)).append(" B | — | ")
                    .append(label.startsWith("before") ? "— | " : "≤ 128 B | " + (median <= 128 ? "yes" : "**no**"))
                    .append(" |\n");
        }
    }

    /** The prune runs: per database and mode, the longest statement of all rounds and the median total. */
    private void prune(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        Map<String, List<Map<String, String>>> runs = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher matcher = FIELD.matcher(line);
            while (matcher.find()) {
                fields.put(matcher.group(1), matcher.group(2));
            }
            if (fields.containsKey("database")) {
                runs.computeIfAbsent(fields.get("database") + ", " + fields.get("mode"), key -> new ArrayList<>())
                        .add(fields);
            }
        }
        out.append("| prune of 100 000 expired rows | runs | rows deleted | statements | longest statement"
                + " (max of runs) | median statement | total (median) | slowest concurrent update (max) |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
        runs.forEach((key, list) -> out.append("| ").append(key).append(" | ").append(list.size()).append(" | ")
                .append(list.get(0).get("deleted")).append(" | ").append(list.get(0).get("statements")).append(" | ")
                .append(max(list, "longest_ms")).append(" ms | ").append(median(list, "median_ms")).append(" ms | ")
                .append(median(list, "total_ms")).append(" ms | ").append(max(list, "probe_max_ms")).append(" ms |\n"));
        out.append('\n');
    }

    private static String max(List<Map<String, String>> runs, String field) {
        return number(runs.stream().mapToDouble(run -> Double.parseDouble(run.get(field))).max().orElse(Double.NaN));
    }

    private static String median(List<Map<String, String>> runs, String field) {
        return number(median(runs.stream().map(run -> Double.parseDouble(run.get(field))).toList()));
    }

    /** The rounds' values, sorted, without the rounds that lack one. */
    private List<Double> values(Function<Map<String, double[]>, Double> value) {
        List<Double> values = new ArrayList<>(rounds.stream().map(value).filter(v -> !v.isNaN()).toList());
        Collections.sort(values);
        return values;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : value >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.3g", value);
    }
}
