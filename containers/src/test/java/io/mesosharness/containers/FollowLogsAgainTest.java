package io.mesosharness.containers;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * After Docker restarts a container, its output reaches the prefixed log again once the harness re-follows it, from
 * the restart on: the start-up lines written before the harness re-follows are not lost.
 */
@Tag("docker")
class FollowLogsAgainTest {

    @Test
    void logsOfARestartedContainerAreFollowedAgain() {
        Logger logger = (Logger) LoggerFactory.getLogger("io.mesosharness.containers.zookeeper");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (ZooKeeperContainer zk =
                new ZooKeeperContainer(HarnessConfiguration.load().zookeeperImage()).withClusterName("logs")) {
            zk.start();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> !snapshot(lines).isEmpty());
            assertThat(snapshot(lines).get(0).getFormattedMessage()).startsWith("[logs/zookeeper]");

            zk.getDockerClient()
                    .restartContainerCmd(zk.getContainerId())
                    .withTimeout(1)
                    .exec();
            // follow only once the restarted ZooKeeper has written its start-up lines: they must not be lost
            Awaitility.await("the restarted ZooKeeper's start-up output")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> zk.getLogs().split("Reading configuration from", -1).length > 2);
            synchronized (lines) { // the appender appends under its own lock, on the log-following thread
                lines.list.clear();
            }
            zk.followLogsAgain();

            Awaitility.await("the restart's start-up lines in the followed log")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> snapshot(lines).stream()
                            .anyMatch(e -> e.getFormattedMessage().startsWith("[logs/zookeeper]")
                                    && e.getFormattedMessage().contains("Reading configuration from")));
        } finally {
            logger.detachAppender(lines);
        }
    }

    /** The events so far, copied under the appender's lock (it appends on another thread). */
    private static java.util.List<ILoggingEvent> snapshot(ListAppender<ILoggingEvent> appender) {
        synchronized (appender) {
            return new java.util.ArrayList<>(appender.list);
        }
    }
}
