/** A plain Jetty 12 application protected by the klink servlet filter, tokens stored in H2 through JDBI. */
@NullMarked
package dev.klink.tokens.example.jetty;

import org.jspecify.annotations.NullMarked;
