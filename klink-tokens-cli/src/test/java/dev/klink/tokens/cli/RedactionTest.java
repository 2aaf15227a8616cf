package dev.klink.tokens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Passwords leave JDBC URLs and driver messages in every form the supported drivers take them. */
class RedactionTest {

    @Test
    void urlWhenPasswordParameterThenMasked() {
        assertThat(Redaction.url("jdbc:postgresql://db:5432/app?user=ops&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/app?user=ops&password=***&ssl=true");
        assertThat(Redaction.url("jdbc:mariadb://db/app?PASSWORD=s3cret"))
                .isEqualTo("jdbc:mariadb://db/app?PASSWORD=***");
    }

    @Test
    void urlWhenH2SettingThenMasked() {
        assertThat(Redaction.url("jdbc:h2:tcp://db/app;USER=sa;PASSWORD=s3cret;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:tcp://db/app;USER=sa;PASSWORD=***;MODE=PostgreSQL");
    }

    @Test
    void urlWhenUserInfoThenPasswordMaskedAndUserKept() {
        assertThat(Redaction.url("jdbc:mariadb://ops:s3cret@db:3306/app"))
                .isEqualTo("jdbc:mariadb://ops:***@db:3306/app");
    }

    @Test
    void urlWithoutPasswordUnchanged() {
        assertThat(Redaction.url("jdbc:postgresql://db:5432/app?user=ops"))
                .isEqualTo("jdbc:postgresql://db:5432/app?user=ops");
    }

    @Test
    void textWhenDriverQuotesPartsOfTheUrlThenPasswordsMasked() {
        String url = "jdbc:mariadb://ops:s3cret@db:3306/app?password=other";

        assertThat(Redaction.text("Incorrect port value : s3cret@db, and other, in " + url, url, "given"))
                .isEqualTo("Incorrect port value : ***@db, and ***, in jdbc:mariadb://ops:***@db:3306/app?password=***");
        assertThat(Redaction.text("failed for given", "jdbc:h2:mem:x", "given")).isEqualTo("failed for ***");
    }
}
