package io.mesosharness.junit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Guards fixture classes that only make sense when a test runs them through EngineTestKit ({@link Kit}): anywhere
 * else (an IDE running every class, a build without tag filters) they are disabled.
 */
final class OnlyInTestKit implements ExecutionCondition {

    static final String PARAMETER = "mesos.harness.junit.testkit";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getConfigurationParameter(PARAMETER)
                        .filter("true"::equals)
                        .isPresent()
                ? ConditionEvaluationResult.enabled("run by EngineTestKit")
                : ConditionEvaluationResult.disabled("fixture class, run only through EngineTestKit");
    }
}
