package io.mesosharness.junit;

import io.mesosharness.cluster.MesosClusterHandle;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a failed test gets: the cluster's state and each component's last log lines as report entries and once on
 * stderr; with {@code retainOnFailure} the cluster is kept and the rest of the class skipped.
 */
final class FailureDiagnostics {

    private FailureDiagnostics() {}

    /** Diagnoses the failure of this test once (a second call for the same test does nothing). */
    static void report(
            ExtensionContext context, Throwable failure, ClassState state, ExtensionContext.Namespace namespace) {
        SharedClusters.Held held = state.heldIfAcquired();
        ExtensionContext.Store store = context.getStore(namespace);
        String key = "diagnosed " + context.getUniqueId();
        if (held == null || store.get(key) != null) {
            return;
        }
        store.put(key, Boolean.TRUE);
        MesosClusterHandle cluster = state.handle();
        StringBuilder out = new StringBuilder();
        out.append("==== mesos-harness: ")
                .append(context.getDisplayName())
                .append(" in ")
                .append(context.getRequiredTestClass().getName())
                .append(" failed: ")
                .append(failure)
                .append("\n---- cluster ")
                .append(cluster.name())
                .append(" (")
                .append(cluster.id())
                .append(")\n");
        String described;
        try {
            described = cluster.describeState();
        } catch (RuntimeException e) {
            described = "cannot read the cluster state: " + e;
        }
        publish(context, "mesos-harness.state", described);
        out.append(described).append('\n');
        Map<String, String> logs;
        try {
            logs = cluster.recentLogs(MesosClusterExtension.LOG_LINES);
        } catch (RuntimeException e) {
            logs = Map.of("logs", "cannot read the component logs: " + e);
        }
        for (Map.Entry<String, String> log : logs.entrySet()) {
            publish(context, "mesos-harness.log." + log.getKey().replaceAll("\\s+", "-"), log.getValue());
            out.append("---- ")
                    .append(log.getKey())
                    .append(" (last ")
                    .append(MesosClusterExtension.LOG_LINES)
                    .append(" lines)\n")
                    .append(log.getValue())
                    .append(log.getValue().endsWith("\n") ? "" : "\n");
        }
        if (state.request.retainOnFailure() && !cluster.isExternal()) {
            retain(context, held, state, out);
        }
        System.err.print(out.append("====\n"));
    }

    private static void retain(
            ExtensionContext context, SharedClusters.Held held, ClassState state, StringBuilder out) {
        synchronized (held) {
            if (held.retained()) {
                return;
            }
            String text = state.factory().retain(held.handle);
            held.retainedAfter.set(context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName());
            held.evict();
            publish(context, "mesos-harness.retained", text);
            out.append("---- retainOnFailure\n").append(text).append('\n');
        }
    }

    private static void publish(ExtensionContext context, String key, String value) {
        context.publishReportEntry(key, value == null || value.isBlank() ? "(empty)" : value);
    }
}
