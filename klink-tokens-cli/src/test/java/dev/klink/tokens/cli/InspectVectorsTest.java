package dev.klink.tokens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.TokenFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** {@code inspect} over every vector of the token-format spec: no database, never the secret in its output. */
class InspectVectorsTest {

    private static final JsonNode VECTORS = readVectors();

    private final CliRunner cli = new CliRunner();
    private Path acceptingAll = Path.of("");

    record Valid(String prefix, String id, String secret, String token) {
        @Override
        public String toString() {
            return prefix + "_" + id;
        }
    }

    record Invalid(String why, String token) {
        @Override
        public String toString() {
            return why;
        }
    }

    @BeforeEach
    void writeConfig(@TempDir Path dir) throws IOException {
        acceptingAll = dir.resolve("application.yml");
        Set<String> prefixes = new LinkedHashSet<>();
        valid().forEach(vector -> prefixes.add(vector.prefix()));
        prefixes.remove(TokenFormat.DEFAULT_PREFIX);
        StringBuilder yaml = new StringBuilder("klink:\n  tokens:\n    accepted-prefixes:\n");
        prefixes.forEach(prefix -> yaml.append("      - ").append(prefix).append('\n'));
        Files.writeString(acceptingAll, yaml);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void inspectWhenValidVectorThenPartsShownAndSecretNot(Valid vector) {
        CliRunner.Result result = cli.run("inspect", vector.token(), "--config", acceptingAll.toString());

        assertThat(result).isEqualTo(new CliRunner.Result(0, ""
                + "well-formed:  yes\n"
                + "prefix:       " + vector.prefix() + " (accepted)\n"
                + "id:           " + vector.id() + "\n"
                + "checksum:     valid\n", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void inspectWhenValidVectorWithAnotherPrefixThenNotAccepted(Valid vector) {
        CliRunner.Result result = cli.runWithInput(vector.token() + "\n", "inspect", "-");

        boolean ours = vector.prefix().equals(TokenFormat.DEFAULT_PREFIX);
        assertThat(result).isEqualTo(new CliRunner.Result(ours ? 0 : 1, ""
                + "well-formed:  yes\n"
                + "prefix:       " + vector.prefix()
                + (ours ? " (accepted)" : " (not accepted: the configuration accepts klink_pat)") + "\n"
                + "id:           " + vector.id() + "\n"
                + "checksum:     valid\n", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void inspectWhenInvalidVectorThenExit1AndOnlyWhatCanBeTold(Invalid vector) {
        CliRunner.Result result = cli.run("inspect", vector.token(), "--config", acceptingAll.toString());

        String expected = vector.why().startsWith("checksum mismatch") ? ""
                + "well-formed:  yes\n"
                + "prefix:       klink_pat (accepted)\n"
                + "id:           " + vector.token().substring(10, 26) + "\n"
                + "checksum:     invalid\n"
                : "well-formed:  no\n";
        assertThat(result).isEqualTo(new CliRunner.Result(1, expected, ""));
    }

    @ParameterizedTest(name = "vector {index}")
    @MethodSource("everyToken")
    void inspectAgreesWithTheParserOnEveryVector(String token) {
        Inspection inspection = Inspection.of(token, Set.of());

        assertThat(inspection.wellFormed() && inspection.checksumValid()).isEqualTo(TokenFormat.parse(token) != null);
    }

    @Test
    void inspectJsonHasStableFields() {
        Valid vector = valid().findFirst().orElseThrow();

        CliRunner.Result result = cli.run("inspect", vector.token(), "--json");

        assertThat(result.exitCode()).isZero();
        JsonNode node = CommandsTestBase.json(result);
        assertThat(CommandsTestBase.fieldNames(node))
                .containsExactly("wellFormed", "prefix", "prefixAccepted", "id", "checksumValid", "valid");
        assertThat(node.get("id").asString()).isEqualTo(vector.id());
        assertThat(node.get("valid").asBoolean()).isTrue();
        assertThat(result.out()).doesNotContain(vector.secret());
    }

    @Test
    void inspectWhenMalformedThenJsonHasNulls() {
        CliRunner.Result result = cli.run("inspect", "42|qpgquO3FcZa3mgF4WYSpYBF1iSsrfhph", "--json");

        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode node = TokenText.JSON.readTree(result.out());
        assertThat(node.get("wellFormed").asBoolean()).isFalse();
        assertThat(node.get("prefix").isNull()).isTrue();
        assertThat(node.get("id").isNull()).isTrue();
    }

    static Stream<Valid> valid() {
        List<Valid> vectors = new ArrayList<>();
        VECTORS.get("valid").forEach(v -> vectors.add(new Valid(v.get("prefix").asString(), v.get("id").asString(),
                v.get("secret").asString(), v.get("token").asString())));
        return vectors.stream();
    }

    static Stream<Invalid> invalid() {
        List<Invalid> vectors = new ArrayList<>();
        VECTORS.get("invalid").forEach(v -> vectors.add(new Invalid(v.get("why").asString(),
                v.get("token").asString())));
        return vectors.stream();
    }

    static Stream<String> everyToken() {
        return Stream.concat(valid().map(Valid::token), invalid().map(Invalid::token));
    }

    private static JsonNode readVectors() {
        try (InputStream in = Objects.requireNonNull(InspectVectorsTest.class.getResourceAsStream(
                "/token-format-vectors.json"), "token-format-vectors.json on the test class path")) {
            return TokenText.JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
