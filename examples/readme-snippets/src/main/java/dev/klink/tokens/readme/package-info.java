/**
 * The Java snippets of README.md as compiled code. The lines between {@code // readme:begin} and
 * {@code // readme:end} are what the README shows; {@code ReadmeSnippetsTest} keeps both identical.
 */
@NullMarked
package dev.klink.tokens.readme;

import org.jspecify.annotations.NullMarked;
