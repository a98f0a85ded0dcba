package io.mesosharness.containers;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.output.OutputFrame;

/**
 * Sends a container's output to SLF4J at INFO (Mesos writes all its glog output to stderr), one line per event,
 * prefixed with {@code [cluster/component]}, on the logger {@code io.mesosharness.containers.<kind>}.
 */
public final class ComponentLogConsumer implements Consumer<OutputFrame> {

    /** The cluster name used when none is set. */
    public static final String DEFAULT_CLUSTER = "mesos-harness";

    private final Logger logger;
    private volatile String cluster = DEFAULT_CLUSTER;
    private volatile String component;
    private volatile Consumer<String> lineListener = line -> {};

    /** A consumer for one component; {@code kind} names the logger, {@code component} goes into the prefix. */
    public ComponentLogConsumer(String kind, String component) {
        this.logger = LoggerFactory.getLogger("io.mesosharness.containers." + kind);
        this.component = component;
    }

    public ComponentLogConsumer withClusterName(String clusterName) {
        this.cluster = clusterName;
        return this;
    }

    public ComponentLogConsumer withComponent(String componentName) {
        this.component = componentName;
        return this;
    }

    /** Also hands every line to {@code listener} (on the log-following thread), e.g. to notice a launcher's word. */
    public ComponentLogConsumer withLineListener(Consumer<String> listener) {
        this.lineListener = listener;
        return this;
    }

    /** The prefix, {@code cluster/component}, without brackets. */
    public String prefix() {
        return cluster + "/" + component;
    }

    @Override
    public void accept(OutputFrame frame) {
        if (frame == null || frame.getType() == OutputFrame.OutputType.END) {
            return;
        }
        String text = frame.getUtf8StringWithoutLineEnding();
        if (text.isEmpty()) {
            return;
        }
        for (String line : text.split("\\r?\\n")) {
            logger.info("[{}] {}", prefix(), line);
            lineListener.accept(line);
        }
    }
}
