package dev.klink.tokens.spi;

import java.util.Collection;
import java.util.List;

/**
 * Asks the application what an owner may grant, so that nobody issues a token stronger than they are. Answers are
 * abilities or wildcards ({@code *}, {@code orders:*}); a requested ability must be covered by one of them.
 */
@FunctionalInterface
public interface GrantableAbilities {

    /**
     * Lets every owner grant every ability in the catalog, {@code *} and every {@code x:*} included. Without a
     * {@code GrantableAbilities} an owner may grant only the declared abilities, never a wildcard.
     */
    GrantableAbilities ANY = (tenantId, ownerId) -> List.of("*");

    Collection<String> grantableAbilities(String tenantId, String ownerId);
}
