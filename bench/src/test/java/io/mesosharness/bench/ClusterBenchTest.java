package io.mesosharness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesosharness.bench.ClusterBench.AgentRun;
import io.mesosharness.bench.ClusterBench.FloorRun;
import io.mesosharness.bench.ClusterBench.HarnessRun;
import io.mesosharness.bench.ClusterBench.Phases;
import io.mesosharness.bench.ClusterBench.Variant;
import io.mesosharness.bench.ClusterBench.VariantRun;
import io.mesosharness.bench.ClusterBench.WarmUp;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The benchmark's plan, arithmetic and JSON with a runner that records its calls and answers given figures. */
@Tag("unit")
class ClusterBenchTest {

    private static final Variant TUNED = new Variant("-XX:TieredStopAtLevel=1", true);
    private static final Variant PLAIN = new Variant("-Xmx512m", false);

    /** Answers the next figure of each kind in turn and records every call. */
    private static final class Recorder implements ClusterBench.Runner {
        final List<String> calls = new ArrayList<>();
        final List<Long> floors;
        final Map<Variant, List<Long>> harness = new LinkedHashMap<>();

        Recorder(List<Long> floors, Map<Variant, List<Long>> harness) {
            this.floors = new ArrayList<>(floors);
            harness.forEach((v, l) -> this.harness.put(v, new ArrayList<>(l)));
        }

        @Override
        public FloorRun floor(int agents) {
            calls.add("floor " + agents);
            long ms = floors.remove(0);
            return new FloorRun(ms, ms / 10);
        }

        @Override
        public HarnessRun harness(Variant variant, int agents, boolean full) {
            calls.add(
                    variant.javaOpts() + (variant.classDataArchive() ? "+cds " : " ") + agents + (full ? " full" : ""));
            long ms = harness.get(variant).remove(0);
            return new HarnessRun(
                    new Phases(1, 2, 3, ms - 1000, ms),
                    "off",
                    full ? Map.of("agent", 40.5) : null,
                    null,
                    full ? 300L : null,
                    ms / 5,
                    0);
        }
    }

    @Test
    void interleavesTheFloorAndEveryVariantAndComparesMedians() {
        Recorder runner = new Recorder(
                List.of(10_000L, 12_000L, 8_000L),
                Map.of(TUNED, List.of(7_000L, 9_000L, 6_000L), PLAIN, List.of(11_000L, 10_000L, 9_000L)));
        List<String> progress = new ArrayList<>();
        AgentRun run = new ClusterBench(runner, progress::add).measure(3, 3, true, List.of(TUNED, PLAIN));

        // floor, then each variant, three times; the full run is the default variant's last
        assertThat(runner.calls)
                .containsExactly(
                        "floor 3",
                        "-XX:TieredStopAtLevel=1+cds 3",
                        "-Xmx512m 3",
                        "floor 3",
                        "-XX:TieredStopAtLevel=1+cds 3",
                        "-Xmx512m 3",
                        "floor 3",
                        "-XX:TieredStopAtLevel=1+cds 3 full",
                        "-Xmx512m 3");
        assertThat(run.agents()).isEqualTo(3);
        assertThat(run.variant()).isEqualTo(TUNED);
        assertThat(run.harnessColdStart())
                .isEqualTo(new ClusterBench.Series(7000.0, 6000L, 9000L, List.of(7000L, 9000L, 6000L)));
        assertThat(run.floor().medianMs()).isEqualTo(10000.0);
        assertThat(run.ratioOfMedians()).isEqualTo(0.7);
        assertThat(run.harnessTeardown().medianMs()).isEqualTo(1400.0);
        assertThat(run.floorTeardown().medianMs()).isEqualTo(1000.0);
        assertThat(run.teardownRatioOfMedians()).isEqualTo(1.4);
        assertThat(run.lastRun().coldStart().totalMs()).isEqualTo(6000L);
        assertThat(run.lastRun().resetMs()).isEqualTo(300L);

        assertThat(run.marathonVariants()).hasSize(2);
        VariantRun plain = run.marathonVariants().get(1);
        assertThat(plain.variant()).isEqualTo(PLAIN);
        assertThat(plain.ratioToDefault()).isEqualTo(1.43);
        assertThat(plain.ratioToFloor()).isEqualTo(1.0);
        assertThat(plain.marathonReady().medianMs()).isEqualTo(9000.0);
        assertThat(Bench.JSON.valueToTree(plain).fieldNames())
                .toIterable()
                .containsExactly(
                        "javaOpts", "classDataArchive", "coldStart", "marathonReady", "ratioToDefault", "ratioToFloor");
        assertThat(progress).hasSize(9).allMatch(line -> line.startsWith("bench: "));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        Recorder runner = new Recorder(List.of(), Map.of(TUNED, List.of(4_000L, 1_000L, 3_000L, 2_000L)));
        AgentRun run = new ClusterBench(runner, line -> {}).measure(1, 4, false, List.of(TUNED));
        assertThat(run.harnessColdStart().medianMs()).isEqualTo(2500.0);
    }

    @Test
    void withoutTheFloorAndWithOneVariantThereIsNothingToCompare() throws Exception {
        Recorder runner = new Recorder(List.of(), Map.of(TUNED, List.of(5_000L)));
        AgentRun run = new ClusterBench(runner, line -> {}).measure(1, 1, false, List.of(TUNED));
        assertThat(runner.calls).containsExactly("-XX:TieredStopAtLevel=1+cds 1 full");
        assertThat(run.harnessColdStart().medianMs()).isEqualTo(5000.0);

        JsonNode json = Bench.JSON.valueToTree(run);
        assertThat(json.fieldNames())
                .toIterable()
                .containsExactly("agents", "variant", "harnessColdStart", "harnessTeardown", "lastRun");
        assertThat(json.path("variant").fieldNames()).toIterable().containsExactly("javaOpts", "classDataArchive");
        assertThat(json.path("harnessColdStart").fieldNames())
                .toIterable()
                .containsExactly("medianMs", "minMs", "maxMs", "runsMs");
        assertThat(json.path("lastRun").fieldNames())
                .toIterable()
                .containsExactly("coldStart", "classDataArchive", "memoryMiB", "resetMs", "teardownMs", "leftovers");
        assertThat(json.path("lastRun").path("coldStart").fieldNames())
                .toIterable()
                .containsExactly("zookeeperMs", "mastersMs", "agentsRegisteredMs", "marathonReadyMs", "totalMs");
        assertThat(json.path("lastRun").path("memoryMiB").path("agent").asDouble())
                .isEqualTo(40.5);
    }

    @Test
    void theWarmUpStartsEachVariantOnceAndReportsItsTeardown() {
        Recorder runner = new Recorder(List.of(), Map.of(TUNED, List.of(9_000L), PLAIN, List.of(8_000L)));
        List<WarmUp> warmUp = new ClusterBench(runner, line -> {}).warmUp(List.of(TUNED, PLAIN), 1);
        assertThat(runner.calls).containsExactly("-XX:TieredStopAtLevel=1+cds 1", "-Xmx512m 1");

        JsonNode first = Bench.JSON.valueToTree(warmUp.get(0));
        assertThat(first.fieldNames())
                .toIterable()
                .containsExactly(
                        "javaOpts",
                        "agents",
                        "coldStartMs",
                        "coldStart",
                        "classDataArchive",
                        "teardownMs",
                        "leftovers");
        assertThat(first.path("coldStartMs").asLong()).isEqualTo(9000L);
        assertThat(first.path("teardownMs").asLong()).isEqualTo(1800L);
        assertThat(first.path("classDataArchive").asText()).isEqualTo("off");
    }

    @Test
    void aDeployThatPlainPollingNeverSawRunningStaysInTheReportAsNull() {
        JsonNode json = Bench.JSON.valueToTree(new ClusterBench.DeployToRunning(900, null));
        assertThat(json.has("pollingEvery100msMs")).isTrue();
        assertThat(json.get("pollingEvery100msMs").isNull()).isTrue();
    }

    @Test
    void theMarginalCostIsTheSlopeOfTheMedianStartOverTheAgentCounts() {
        Recorder runner = new Recorder(List.of(), Map.of(TUNED, List.of(4_000L, 5_000L, 7_000L)));
        ClusterBench bench = new ClusterBench(runner, line -> {});
        List<AgentRun> runs = List.of(
                bench.measure(1, 1, false, List.of(TUNED)),
                bench.measure(3, 1, false, List.of(TUNED)),
                bench.measure(5, 1, false, List.of(TUNED)));
        assertThat(Bench.marginal(runs)).isEqualTo(Map.of("startMsPerAgent", 750.0));
        assertThat(Bench.marginal(runs.subList(0, 1))).containsKey("note");
    }

    @Test
    void variantsAreEachJavaOptsCandidateWithTheArchiveAsConfiguredThenNot() {
        HarnessConfiguration config = HarnessConfiguration.load();
        boolean archive = config.getBoolean(Setting.MARATHON_CLASS_DATA_ARCHIVE);
        assertThat(Bench.variants(config, List.of("-Xmx1g ", "-Xmx2g", "-Xmx1g")))
                .containsExactly(
                        new Variant("-Xmx1g", archive),
                        new Variant("-Xmx1g", !archive),
                        new Variant("-Xmx2g", archive),
                        new Variant("-Xmx2g", !archive));
    }
}
