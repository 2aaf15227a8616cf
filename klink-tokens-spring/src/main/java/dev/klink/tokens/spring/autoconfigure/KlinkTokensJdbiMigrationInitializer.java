package dev.klink.tokens.spring.autoconfigure;

import dev.klink.tokens.jdbi.JdbiTokenStore;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Creates or upgrades the tables of the auto-configured {@link JdbiTokenStore} at start-up (see
 * {@code klink.tokens.jdbc.migrate}). The {@code TokenService} is created after it. An application that wants the
 * migration done differently declares a bean of this type of its own (e.g. a subclass), which replaces this one.
 */
public class KlinkTokensJdbiMigrationInitializer implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(KlinkTokensJdbiMigrationInitializer.class);

    private final JdbiTokenStore store;

    /** Migrates {@code store} when the bean is initialised. */
    public KlinkTokensJdbiMigrationInitializer(JdbiTokenStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Runs {@link JdbiTokenStore#migrate()}; a failure stops start-up with what to do about it. */
    @Override
    public void afterPropertiesSet() {
        try {
            store.migrate();
        } catch (RuntimeException e) {
            throw new IllegalStateException("klink-tokens could not create or upgrade its tables "
                    + store.tokensTable() + " and " + store.schemaVersionTable() + ". Fix the database access, "
                    + "or set klink.tokens.jdbc.migrate=never and create them yourself from the scripts in "
                    + "klink-tokens-jdbi", e);
        }
        log.info("klink-tokens keeps tokens in table {} ({})", store.tokensTable(), store.dialect());
    }
}
