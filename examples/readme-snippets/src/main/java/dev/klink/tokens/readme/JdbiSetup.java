package dev.klink.tokens.readme;

// readme:begin
import com.zaxxer.hikari.HikariDataSource;                 // com.zaxxer:HikariCP, or any other DataSource
import dev.klink.tokens.TokenService;
import dev.klink.tokens.jdbi.JdbiTokenSchema;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
// readme:end

/** README "Keeping tokens in your database (JDBI)": migrate, build the store, and close both at the end. */
public final class JdbiSetup {

    private JdbiSetup() {
    }

    // readme:begin
    static void run(Consumer<TokenService> application) {
        try (HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl("jdbc:postgresql://db:5432/app");
            Jdbi jdbi = Jdbi.create(dataSource);
            JdbiTokenSchema.builder(jdbi).tablePrefix("klink_").build().migrate(); // idempotent; safe when nodes start at once
            JdbiTokenStore store = JdbiTokenStore.builder(jdbi).tablePrefix("klink_").build();
            try (TokenService tokens = TokenService.builder(store).build()) {
                application.accept(tokens);  // serve requests; on the way out, close() writes the last uses
            }
        }
    }
    // readme:end
}
