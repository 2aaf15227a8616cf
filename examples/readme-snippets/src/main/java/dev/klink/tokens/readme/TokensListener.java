package dev.klink.tokens.readme;

// readme:begin
import com.zaxxer.hikari.HikariDataSource;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import dev.klink.tokens.servlet.KlinkTokenFilter;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
// readme:end

/** README "web.xml": the listener that gives the filter its {@code TokenService}. */
// readme:begin
public final class TokensListener implements ServletContextListener {
    private final HikariDataSource dataSource = new HikariDataSource();
    private @Nullable TokenService tokens;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        dataSource.setJdbcUrl(event.getServletContext().getInitParameter("jdbc-url"));
        JdbiTokenStore store = JdbiTokenStore.builder(Jdbi.create(dataSource)).build();
        store.migrate();
        tokens = TokenService.builder(store).build();
        event.getServletContext().setAttribute(KlinkTokenFilter.DEFAULT_TOKEN_SERVICE_ATTRIBUTE, tokens);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (tokens != null) {
            tokens.close();                                 // writes the pending last uses
        }
        dataSource.close();
    }
}
// readme:end
