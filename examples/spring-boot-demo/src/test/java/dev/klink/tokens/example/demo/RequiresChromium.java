package dev.klink.tokens.example.demo;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a browser test, with a message saying how to enable it, when Chromium or ChromeDriver is missing. Evaluated
 * before the Spring context starts, so a skip costs nothing.
 */
final class RequiresChromium implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String missing = Browser.missingBinaries();
        return missing == null ? ConditionEvaluationResult.enabled("Chromium and ChromeDriver found")
                : ConditionEvaluationResult.disabled("Skipping the browser test: " + missing);
    }
}
