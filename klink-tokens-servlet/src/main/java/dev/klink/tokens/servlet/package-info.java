/**
 * A Jakarta Servlet filter that protects an API with klink personal access tokens and answers exactly as
 * RFC 6750 and RFC 9457 say: {@link dev.klink.tokens.servlet.KlinkTokenFilter}.
 */
@NullMarked
package dev.klink.tokens.servlet;

import org.jspecify.annotations.NullMarked;
