package dev.klink.tokens.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A request that answers only what the resolver and path checks ask, for container behaviour Jetty never shows. */
final class FakeRequests {

    private FakeRequests() {
    }

    static HttpServletRequest request(Map<String, Object> answers, List<String> authorization) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaders" -> Collections.enumeration("Authorization".equalsIgnoreCase((String) args[0])
                            ? authorization : List.of());
                    case "getMethod", "getQueryString", "getContentType", "getRequestURI", "getServletPath",
                            "getPathInfo", "getParameterValues" -> answer(answers, method.getName());
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Object answer(Map<String, Object> answers, String name) {
        Object answer = answers.get(name);
        if (answer instanceof RuntimeException e) {
            throw e;
        }
        return answer;
    }
}
