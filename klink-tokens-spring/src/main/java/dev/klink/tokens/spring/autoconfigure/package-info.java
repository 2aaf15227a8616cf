/**
 * The Spring Boot auto-configurations of klink-tokens and the {@code klink.tokens.*} properties they read. Listed in
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}; applications do not
 * import these classes, except to exclude one or to replace the {@code KlinkTokensJdbiMigrationInitializer}.
 */
@NullMarked
package dev.klink.tokens.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
