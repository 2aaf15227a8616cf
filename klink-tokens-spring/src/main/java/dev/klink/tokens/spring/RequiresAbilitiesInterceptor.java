package dev.klink.tokens.spring;

import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.servlet.BearerError;
import dev.klink.tokens.servlet.BearerErrorResponder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Enforces {@link RequiresAbilities} on Spring MVC handlers against the token the filter (or the Spring Security
 * integration) verified, or, with Spring Security, a session user's {@code SessionAbilities}
 * ({@code klink.tokens.security.session-abilities}).
 */
public final class RequiresAbilitiesInterceptor implements HandlerInterceptor {

    /** Marks handlers without the annotation in {@link #checks}. */
    private static final AbilityCheck NOT_ANNOTATED = AbilityCheck.none();

    private final BearerErrorResponder responder;
    /**
     * Keyed by controller type and method: a method inherited by two controllers is one {@link Method}, but each
     * controller's class-level annotation decides for it.
     */
    private final Map<Handler, AbilityCheck> checks = new ConcurrentHashMap<>();

    private record Handler(Class<?> beanType, Method method) {
    }

    public RequiresAbilitiesInterceptor(BearerErrorResponder responder) {
        this.responder = Objects.requireNonNull(responder, "responder");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        AbilityCheck check = checks.computeIfAbsent(new Handler(method.getBeanType(), method.getMethod()),
                key -> checkOf(method));
        if (check == NOT_ANNOTATED) {
            return true;
        }
        TokenPrincipal principal = TokenAuthenticatedRequests.tokenPrincipal(request).orElse(null);
        boolean satisfied;
        if (principal != null) {
            satisfied = check.isSatisfiedBy(principal);
        } else {
            // a session user with klink.tokens.security.session-abilities; anyone else needs a token
            Optional<Boolean> session = TokenAuthenticatedRequests.sessionAbilitiesSatisfy(request, check);
            if (session.isEmpty()) {
                responder.write(response, BearerError.MISSING_TOKEN, List.of());
                return false;
            }
            satisfied = session.get();
        }
        if (!satisfied) {
            responder.write(response, BearerError.INSUFFICIENT_SCOPE, check.abilities());
            return false;
        }
        return true;
    }

    private static AbilityCheck checkOf(HandlerMethod method) {
        RequiresAbilities annotation = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(),
                RequiresAbilities.class);
        if (annotation == null) {
            annotation = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RequiresAbilities.class);
        }
        return annotation == null ? NOT_ANNOTATED : toCheck(annotation, method);
    }

    private static AbilityCheck toCheck(RequiresAbilities annotation, @Nullable HandlerMethod method) {
        if (annotation.value().length == 0) {
            throw new IllegalStateException("@RequiresAbilities needs at least one ability on " + method);
        }
        try {
            return AbilityCheck.of(annotation.mode(), List.of(annotation.value()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Bad @RequiresAbilities on " + method + ": " + e.getMessage(), e);
        }
    }
}
