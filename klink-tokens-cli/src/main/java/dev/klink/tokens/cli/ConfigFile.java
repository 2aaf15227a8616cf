package dev.klink.tokens.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * An application's settings file ({@code application.yml} or {@code application.properties}) read the way Spring
 * Boot reads it, as far as the command line needs: flattened to {@code a.b[0].c} keys, names matched loosely
 * ({@code table-prefix}, {@code tablePrefix} and {@code table_prefix} are one name), and {@code ${NAME}} or
 * {@code ${NAME:default}} placeholders resolved from the environment or the file itself, so that a key kept in an
 * environment variable stays there.
 */
final class ConfigFile {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");
    private static final int MAX_PLACEHOLDER_DEPTH = 10;

    /** Values by {@link #canonical(String)} key. */
    private final Map<String, String> values;
    /** The file each value came from, for messages. */
    private final Map<String, Path> origins;
    private final List<Path> paths;
    private final Function<String, @Nullable String> environment;

    private ConfigFile(Map<String, String> values, Map<String, Path> origins, List<Path> paths,
            Function<String, @Nullable String> environment) {
        this.values = values;
        this.origins = origins;
        this.paths = paths;
        this.environment = environment;
    }

    /** An empty configuration: every setting takes the library's default. */
    static ConfigFile empty() {
        return new ConfigFile(Map.of(), Map.of(), List.of(), name -> null);
    }

    /** As {@link #read(List, Function)} with one file. */
    static ConfigFile read(Path path, Function<String, @Nullable String> environment) {
        return read(List.of(path), environment);
    }

    /**
     * Reads {@code paths} in order, later files overriding earlier ones as Spring Boot's profile files do: key by
     * key, and a list as a whole. YAML when a name ends in {@code .yml} or {@code .yaml}, Java properties otherwise.
     *
     * @throws CliFailure (usage) when a file cannot be read or parsed
     */
    static ConfigFile read(List<Path> paths, Function<String, @Nullable String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Path> origins = new LinkedHashMap<>();
        for (Path path : paths) {
            Map<String, String> file = new LinkedHashMap<>();
            readFlat(path).forEach((key, value) -> file.put(canonical(key), value));
            for (String key : file.keySet()) {
                String root = key.indexOf('[') < 0 ? key : key.substring(0, key.indexOf('['));
                values.keySet().removeIf(earlier -> earlier.equals(root) || earlier.startsWith(root + "["));
            }
            values.putAll(file);
            file.keySet().forEach(key -> origins.put(key, path));
        }
        return new ConfigFile(values, origins, List.copyOf(paths), environment);
    }

    private static Map<String, String> readFlat(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        Map<String, String> flat = new LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            if (name.endsWith(".yml") || name.endsWith(".yaml")) {
                JsonNode root = new YAMLMapper().readTree(reader);
                if (root != null && !root.isMissingNode() && !root.isNull()) {
                    flatten("", root, flat);
                }
            } else {
                Properties properties = new Properties();
                properties.load(reader);
                properties.stringPropertyNames().forEach(key -> flat.put(key, properties.getProperty(key)));
            }
        } catch (IOException e) {
            throw CliFailure.usage("Cannot read the config file " + path + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (JacksonException e) {
            throw CliFailure.usage("The config file " + path + " is not valid YAML: " + e.getOriginalMessage());
        }
        return flat;
    }

    private static void flatten(String key, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                flatten(key.isEmpty() ? field.getKey() : key + "." + field.getKey(), field.getValue(), into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(key + "[" + i + "]", node.get(i), into);
            }
        } else if (!node.isNull()) {
            into.put(key, node.asString());
        }
    }

    /** Lower case without {@code -} and {@code _}: Spring Boot's relaxed binding of property names. */
    static String canonical(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** The file that sets {@code key} (or something below it), for messages; the last file when none does. */
    String source(String key) {
        String canonical = canonical(key);
        Path origin = origins.get(canonical);
        if (origin == null) {
            origin = origins.entrySet().stream()
                    .filter(entry -> entry.getKey().startsWith(canonical + ".")
                            || entry.getKey().startsWith(canonical + "["))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(paths.isEmpty() ? Path.of("--config") : paths.get(paths.size() - 1));
        }
        return origin.toString();
    }

    /**
     * The value of {@code key} with its placeholders resolved, or null when the file does not set it.
     *
     * @throws CliFailure (usage) naming the key when a placeholder has no value
     */
    @Nullable String get(String key) {
        String raw = values.get(canonical(key));
        return raw == null ? null : resolve(key, raw, 0);
    }

    /** A list given either as {@code key[0]}, {@code key[1]}… or as one comma-separated value. */
    List<String> getList(String key) {
        List<String> list = new ArrayList<>();
        String joined = get(key);
        if (joined != null) {
            for (String item : joined.split(",")) {
                if (!item.isBlank()) {
                    list.add(item.trim());
                }
            }
            return list;
        }
        for (int i = 0; ; i++) {
            String item = get(key + "[" + i + "]");
            if (item == null) {
                return list;
            }
            list.add(item.trim());
        }
    }

    /** How many entries {@code key[i].<anything>} has: the length of a list of objects. */
    int countEntries(String key) {
        String prefix = canonical(key) + "[";
        int count = 0;
        for (String candidate : values.keySet()) {
            if (candidate.startsWith(prefix)) {
                int end = candidate.indexOf(']', prefix.length());
                if (end > prefix.length()) {
                    try {
                        count = Math.max(count, Integer.parseInt(candidate.substring(prefix.length(), end)) + 1);
                    } catch (NumberFormatException ignored) {
                        // not an index: not part of the list
                    }
                }
            }
        }
        return count;
    }

    private String resolve(String key, String value, int depth) {
        if (depth > MAX_PLACEHOLDER_DEPTH) {
            throw CliFailure.usage(source(key) + ": placeholders in " + key + " refer to each other in a loop");
        }
        Matcher matcher = PLACEHOLDER.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1).trim();
            String replacement = environment.apply(name);
            if (replacement == null) {
                replacement = environment.apply(name.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT));
            }
            String configured = values.get(canonical(name));
            if (replacement == null && configured != null) {
                replacement = resolve(name, configured, depth + 1);
            }
            if (replacement == null) {
                replacement = matcher.group(2);
            }
            if (replacement == null) {
                throw CliFailure.usage(source(key) + ": " + key + " refers to ${" + name + "}, which is not set in the "
                        + "environment or the file");
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }
}
