package dev.klink.tokens.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * Turns every logback logger to TRACE (and java.util.logging, for libraries that log through a bridge) and captures
 * every event in memory instead of the console, until {@link #close()} restores the levels and appenders. Needs
 * logback-classic as the SLF4J backend. Start it after a framework that resets logging (Spring Boot does on start).
 */
public final class TraceLogCapture implements AutoCloseable {

    private final LoggerContext context;
    private final Logger root;
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    private final Map<Logger, @Nullable Level> previousLevels = new LinkedHashMap<>();
    private final java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
    private final java.util.logging.@Nullable Level previousJulLevel;

    private TraceLogCapture() {
        context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            detached.add(it.next());
        }
        detached.forEach(root::detachAppender);
        captured.setContext(context);
        captured.setName("secrecy-capture");
        captured.start();
        root.addAppender(captured);
        for (Logger logger : context.getLoggerList()) {
            if (logger.getLevel() != null) {
                previousLevels.put(logger, logger.getLevel());
                logger.setLevel(Level.TRACE);
            }
        }
        previousJulLevel = julRoot.getLevel();
        julRoot.setLevel(java.util.logging.Level.ALL);
    }

    /** Starts capturing. */
    public static TraceLogCapture start() {
        return new TraceLogCapture();
    }

    /** The events captured so far. */
    public List<ILoggingEvent> events() {
        synchronized (captured.list) {
            return List.copyOf(captured.list);
        }
    }

    /** Hands every captured event to {@code leaks}: message, pattern, arguments, MDC, marker and throwable. */
    public void reportTo(SecretLeaks leaks) {
        for (ILoggingEvent event : events()) {
            String where = "log " + event.getLoggerName() + " " + event.getLevel();
            leaks.text(where, event.getFormattedMessage());
            leaks.text(where + " pattern", event.getMessage());
            if (event.getArgumentArray() != null) {
                leaks.text(where + " arguments", Arrays.deepToString(event.getArgumentArray()));
            }
            leaks.text(where + " MDC", event.getMDCPropertyMap());
            leaks.text(where + " markers", event.getMarkerList());
            leaks.text(where + " key-values", event.getKeyValuePairs());
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                leaks.text(where + " throwable", ThrowableProxyUtil.asString(thrown));
            }
        }
    }

    @Override
    public void close() {
        root.detachAppender(captured);
        captured.stop();
        detached.forEach(root::addAppender);
        previousLevels.forEach(Logger::setLevel);
        julRoot.setLevel(previousJulLevel);
    }
}
