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

/** After Docker restarts a container, its output reaches the prefixed log again once the harness re-follows it. */
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
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !lines.list.isEmpty());
            assertThat(lines.list.get(0).getFormattedMessage()).startsWith("[logs/zookeeper]");

            zk.getDockerClient()
                    .restartContainerCmd(zk.getContainerId())
                    .withTimeout(1)
                    .exec();
            lines.list.clear();
            zk.followLogsAgain();

            Awaitility.await("output of the restarted ZooKeeper")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> lines.list.stream()
                            .anyMatch(e -> e.getFormattedMessage().startsWith("[logs/zookeeper]")));
        } finally {
            logger.detachAppender(lines);
        }
    }
}
