/**
 * A two-tenant Spring Boot API protected by personal access tokens, built from README.md alone: signed-in users
 * belong to one tenant each, bearer requests name theirs in the path ({@code /t/{tenant}/api/...}).
 */
@NullMarked
package dev.klink.tokens.example.multitenant;

import org.jspecify.annotations.NullMarked;
