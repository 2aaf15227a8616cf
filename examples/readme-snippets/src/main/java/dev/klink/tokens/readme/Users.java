package dev.klink.tokens.readme;

import java.util.Optional;

/** The example application's user directory. */
public interface Users {

    Optional<User> find(String name);
}
