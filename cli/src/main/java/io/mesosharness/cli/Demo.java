package io.mesosharness.cli;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;

import io.mesosharness.assertions.ClusterPlacement;
import io.mesosharness.cluster.DockerJanitor;
import io.mesosharness.cluster.LocalCluster;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.topology.Topology;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The main job: start a cluster, deploy an app that must spread over the racks, print where its tasks landed, run the
 * checks a test would run, and remove everything ({@link MesosHarnessCli} has checked the images before).
 */
record Demo(PrintStream out, PrintStream err) {

    static final String APP_ID = "/demo/web";

    int run(Topology topology, HarnessConfiguration config) {
        out.println("mesos-harness demo: " + topology.describe());
        String clusterId;
        try (LocalCluster cluster = LocalCluster.start(topology, config, out::println)) {
            clusterId = cluster.id();
            MarathonApp web = MarathonApp.command(APP_ID, "while true; do sleep 5; done")
                    .withInstances(4)
                    .withCpus(0.1)
                    .withMem(32)
                    .withConstraint("rack", "GROUP_BY", "2");
            out.println("mesos-harness demo: deploying " + APP_ID + ": " + web.instances() + " instances, constraints "
                    + web.constraints());
            long t0 = System.nanoTime();
            cluster.marathon().create(web);
            try {
                assertThat(cluster)
                        .app(APP_ID)
                        .within(Duration.ofSeconds(120))
                        .isDeployed()
                        .hasRunningInstances(4)
                        .satisfiesItsConstraints()
                        .isSpreadEvenlyBy("rack");
            } catch (AssertionError failed) {
                err.println("mesos-harness demo: CHECK FAILED\n" + failed.getMessage());
                return 1;
            } finally {
                out.println("mesos-harness demo: where the tasks of " + APP_ID + " landed ("
                        + String.format("%.1f s", (System.nanoTime() - t0) / 1e9) + " after the deploy call):");
                out.println(ClusterPlacement.of(cluster, APP_ID).table("rack").indent(2));
            }
            out.println("mesos-harness demo: checks passed: " + APP_ID + " deployed, 4 instances running, "
                    + "constraints satisfied, spread evenly by rack");
        }
        int left = new DockerJanitor().count(clusterId);
        out.println("mesos-harness demo: cluster removed; Docker objects left: " + left);
        return left == 0 ? 0 : 1;
    }
}
