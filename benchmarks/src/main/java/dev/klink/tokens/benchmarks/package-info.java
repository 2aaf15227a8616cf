/** JMH benchmarks of klink-tokens against JWT libraries, bcrypt-hashed API keys and Sanctum-style lookups. */
@NullMarked
package dev.klink.tokens.benchmarks;

import org.jspecify.annotations.NullMarked;
