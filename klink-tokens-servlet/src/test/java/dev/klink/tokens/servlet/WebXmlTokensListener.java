package dev.klink.tokens.servlet;

import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.TokenService;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * The listener of the README's web.xml example, over an in-memory store; it issues a reader and a writer token and
 * keeps their plaintexts for {@link WebXmlTest}.
 */
public final class WebXmlTokensListener implements ServletContextListener {

    static volatile String reader = "";
    static volatile String writer = "";

    private TokenService tokens;

    public WebXmlTokensListener() {
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        tokens = TokenService.builder(new InMemoryTokenStore()).backgroundUsageFlush(false).build();
        reader = tokens.issue(IssueRequest.builder("acme", "alice").name("reader").abilities("orders:read").build())
                .plaintext();
        writer = tokens.issue(IssueRequest.builder("acme", "bob").name("writer").abilities("orders:write").build())
                .plaintext();
        event.getServletContext().setAttribute(KlinkTokenFilter.DEFAULT_TOKEN_SERVICE_ATTRIBUTE, tokens);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        tokens.close();
    }
}
