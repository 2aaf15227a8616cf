/** A runnable Spring Boot app with the API Tokens dashboard and a token-protected demo API. */
@NullMarked
package dev.klink.tokens.example.demo;

import org.jspecify.annotations.NullMarked;
