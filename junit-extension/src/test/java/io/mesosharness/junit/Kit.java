package io.mesosharness.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs fixture classes through the Jupiter engine (EngineTestKit), with or without the fake cluster factory. */
final class Kit {

    private Kit() {}

    /** Runs the classes with {@link FakeClusterFactory} and these extra configuration parameters. */
    static EngineExecutionResults runFake(Map<String, String> parameters, Class<?>... classes) {
        Map<String, String> all = new LinkedHashMap<>(parameters);
        all.put(ClusterFactory.PARAMETER, FakeClusterFactory.class.getName());
        return run(all, classes);
    }

    static EngineExecutionResults runFake(Class<?>... classes) {
        return runFake(Map.of(), classes);
    }

    /** Runs the classes with the real extension (real factory) and these configuration parameters. */
    static EngineExecutionResults run(Map<String, String> parameters, Class<?>... classes) {
        var builder = EngineTestKit.engine("junit-jupiter")
                .selectors(Arrays.stream(classes)
                        .map(c -> selectClass(c))
                        .toArray(org.junit.platform.engine.DiscoverySelector[]::new))
                .configurationParameter(OnlyInTestKit.PARAMETER, "true");
        parameters.forEach(builder::configurationParameter);
        return builder.execute();
    }

    /** Report entries published during the run, as key -> value (later entries with the same key win). */
    static Map<String, String> reportEntries(EngineExecutionResults results) {
        Map<String, String> out = new LinkedHashMap<>();
        results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow())
                .forEach(entry -> out.putAll(entry.getKeyValuePairs()));
        return out;
    }

    /** The reasons of skipped containers and tests. */
    static List<String> skipReasons(EngineExecutionResults results) {
        return results.allEvents().skipped().stream()
                .map(e -> e.getPayload(String.class).orElse(""))
                .toList();
    }

    /** The messages of failed containers and tests, with their causes. */
    static List<String> failures(EngineExecutionResults results) {
        return results.allEvents().failed().stream().map(Kit::failureText).toList();
    }

    private static String failureText(Event event) {
        Throwable t = event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .orElseThrow()
                .getThrowable()
                .orElseThrow();
        StringBuilder text = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            text.append(c.getClass().getSimpleName())
                    .append(": ")
                    .append(c.getMessage())
                    .append(" | ");
        }
        return text.toString();
    }
}
