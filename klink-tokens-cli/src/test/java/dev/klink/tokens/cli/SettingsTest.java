package dev.klink.tokens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klink.tokens.AbilityDefinition;
import dev.klink.tokens.HmacKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --config}: an application's settings file read with the names and relaxed binding of Spring Boot. */
class SettingsTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OLD_KEY = Base64.getEncoder().encodeToString(new byte[40]);

    @TempDir
    Path dir;

    @Test
    void yamlWithRelaxedNamesListsAndEnvironmentPlaceholders() throws Exception {
        Path file = write("application.yml", """
                spring:
                  datasource:
                    url: jdbc:h2:mem:app
                    username: sa
                klink:
                  tokens:
                    prefix: acme_live
                    acceptedPrefixes: [klink_pat]
                    jdbc:
                      table_prefix: app_
                    hashing:
                      keys:
                        - id: k2
                          secret: ${KLINK_HMAC_KEY}
                        - id: k1
                          secret: ${KLINK_OLD_HMAC_KEY:%s}
                    policy:
                      max-lifetime: 180d
                      allow-never-expires: true
                    abilities:
                      - name: orders:read
                        description: Read orders
                      - name: orders:write
                        description: Place orders
                        implies: orders:read
                """.formatted(OLD_KEY));

        AppSettings settings = AppSettings.from(ConfigFile.read(file, Map.of("KLINK_HMAC_KEY", KEY)::get));

        assertThat(settings.prefix()).isEqualTo("acme_live");
        assertThat(settings.allPrefixes()).containsExactly("acme_live", "klink_pat");
        assertThat(settings.tablePrefix()).isEqualTo("app_");
        assertThat(settings.hashingKeys()).extracting(HmacKey::id).containsExactly("k2", "k1");
        assertThat(settings.hasher().primaryScheme()).isEqualTo("hmac-sha256:k2");
        assertThat(settings.canCompute("hmac-sha256:k1")).isTrue();
        assertThat(settings.canCompute("hmac-sha256:k0")).isFalse();
        assertThat(settings.policy().maxLifetime()).isEqualTo(Duration.ofDays(180));
        assertThat(settings.policy().allowNeverExpires()).isTrue();
        assertThat(settings.catalog().definitions()).extracting(AbilityDefinition::name)
                .containsExactly("orders:read", "orders:write");
        assertThat(settings.catalog().grants(java.util.List.of("orders:write"), "orders:read")).isTrue();
        assertThat(settings.datasourceUrl()).isEqualTo("jdbc:h2:mem:app");
        assertThat(settings.datasourceUser()).isEqualTo("sa");
        assertThat(settings.toString()).doesNotContain(KEY).doesNotContain(OLD_KEY);
    }

    @Test
    void propertiesWithIndexedKeysCommaListsAndSpringDurations() throws Exception {
        Path file = write("application.properties", """
                klink.tokens.accepted-prefixes=old_pat, older_pat
                klink.tokens.hashing.keys[0].id=k1
                klink.tokens.hashing.keys[0].secret=%s
                klink.tokens.policy.maxLifetime=PT48H
                klink.tokens.policy.default-lifetime=3600000
                klink.tokens.abilities[0].name=orders:read
                klink.tokens.abilities[1].name=orders:write
                klink.tokens.abilities[1].implies=orders:read
                """.formatted(KEY));

        AppSettings settings = AppSettings.from(ConfigFile.read(file, name -> null));

        assertThat(settings.allPrefixes()).containsExactly("klink_pat", "old_pat", "older_pat");
        assertThat(settings.tablePrefix()).isEqualTo("klink_");
        assertThat(settings.hasher().primaryScheme()).isEqualTo("hmac-sha256:k1");
        assertThat(settings.policy().maxLifetime()).isEqualTo(Duration.ofHours(48));
        assertThat(settings.policy().defaultLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.catalog().definitions()).hasSize(2);
    }

    @Test
    void laterFileOverridesKeyByKeyAndListsAsAWhole() throws Exception {
        Path base = write("application.yml", """
                klink:
                  tokens:
                    prefix: shop_pat
                    accepted-prefixes: [old_pat, older_pat]
                    hashing:
                      keys:
                        - id: k1
                          secret: %s
                        - id: k0
                          secret: %s
                """.formatted(OLD_KEY, OLD_KEY));
        Path profile = write("application-prod.properties", """
                klink.tokens.hashing.keys[0].id=k2
                klink.tokens.hashing.keys[0].secret=%s
                klink.tokens.accepted-prefixes=old_pat
                """.formatted(KEY));

        AppSettings settings = AppSettings.from(ConfigFile.read(java.util.List.of(base, profile), name -> null));

        assertThat(settings.prefix()).isEqualTo("shop_pat");
        assertThat(settings.allPrefixes()).containsExactly("shop_pat", "old_pat");
        assertThat(settings.hashingKeys()).extracting(HmacKey::id).containsExactly("k2");
    }

    @Test
    void withoutKeysThenPlainSha256() {
        assertThat(AppSettings.defaults().hasher().primaryScheme()).isEqualTo("sha256");
        assertThat(AppSettings.defaults().allPrefixes()).containsExactly("klink_pat");
    }

    @Test
    void placeholderWithoutValueThenUsageErrorNamingTheProperty() throws Exception {
        Path file = write("application.properties", """
                klink.tokens.hashing.keys[0].id=k1
                klink.tokens.hashing.keys[0].secret=${KLINK_HMAC_KEY}
                """);

        assertThatThrownBy(() -> AppSettings.from(ConfigFile.read(file, name -> null)))
                .isInstanceOf(CliFailure.class)
                .hasMessage(file + ": klink.tokens.hashing.keys[0].secret refers to ${KLINK_HMAC_KEY}, which is not "
                        + "set in the environment or the file");
    }

    @Test
    void keyTooShortThenUsageErrorWithoutTheKey() throws Exception {
        String shortKey = Base64.getEncoder().encodeToString("sixteen byte key".getBytes());
        Path file = write("application.properties", """
                klink.tokens.hashing.keys[0].id=k1
                klink.tokens.hashing.keys[0].secret=%s
                """.formatted(shortKey));
        CliRunner cli = new CliRunner();

        CliRunner.Result result = cli.run("inspect", "x", "--config", file.toString());

        assertThat(result).isEqualTo(new CliRunner.Result(2, "", "klink-tokens: " + file
                + ": klink.tokens.hashing.keys[0] HMAC key 'k1' must be at least 32 bytes, was 16\n"));
    }

    @Test
    void invalidPrefixThenUsageError() throws Exception {
        Path file = write("application.yml", "klink.tokens.prefix: Klink-PAT\n");

        assertThatThrownBy(() -> AppSettings.from(ConfigFile.read(file, name -> null)))
                .isInstanceOf(CliFailure.class)
                .hasMessage(file + ": klink.tokens.prefix 'Klink-PAT' is no valid prefix: [a-z][a-z0-9_]{0,23}, not "
                        + "ending in _");
    }

    @Test
    void invalidYamlThenUsageError() throws Exception {
        Path file = write("application.yml", "klink: [unclosed\n");

        assertThat(new CliRunner().run("inspect", "x", "--config", file.toString()).exitCode()).isEqualTo(2);
    }

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
