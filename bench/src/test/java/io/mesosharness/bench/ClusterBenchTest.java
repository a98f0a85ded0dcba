package io.mesosharness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The benchmark's plan and arithmetic with a runner that records its calls and answers given figures. */
@Tag("unit")
class ClusterBenchTest {

    private static final ClusterBench.Variant TUNED = new ClusterBench.Variant("-XX:TieredStopAtLevel=1", true);
    private static final ClusterBench.Variant PLAIN = new ClusterBench.Variant("-Xmx512m", false);

    /** Answers the next figure of each kind in turn and records every call. */
    private static final class Recorder implements ClusterBench.Runner {
        final List<String> calls = new ArrayList<>();
        final List<Long> floors;
        final Map<ClusterBench.Variant, List<Long>> harness;

        Recorder(List<Long> floors, Map<ClusterBench.Variant, List<Long>> harness) {
            this.floors = new ArrayList<>(floors);
            this.harness = new LinkedHashMap<>();
            harness.forEach((v, l) -> this.harness.put(v, new ArrayList<>(l)));
        }

        @Override
        public ClusterBench.FloorRun floor(int agents) {
            calls.add("floor " + agents);
            long ms = floors.remove(0);
            return new ClusterBench.FloorRun(ms, ms / 10);
        }

        @Override
        public ClusterBench.HarnessRun harness(ClusterBench.Variant variant, int agents, boolean full) {
            calls.add(
                    variant.javaOpts() + (variant.classDataArchive() ? "+cds " : " ") + agents + (full ? " full" : ""));
            long ms = harness.get(variant).remove(0);
            return new ClusterBench.HarnessRun(ms, ms - 1000, ms / 5, Map.of("seen", ms));
        }
    }

    @Test
    void interleavesTheFloorAndEveryVariantAndComparesMedians() {
        Recorder runner = new Recorder(
                List.of(10_000L, 12_000L, 8_000L),
                Map.of(TUNED, List.of(7_000L, 9_000L, 6_000L), PLAIN, List.of(11_000L, 10_000L, 9_000L)));
        List<String> progress = new ArrayList<>();
        Map<String, Object> run = new ClusterBench(runner, progress::add).measure(3, 3, true, List.of(TUNED, PLAIN));

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
        assertThat(run).containsEntry("agents", 3);
        assertThat(series(run, "harnessColdStart"))
                .containsEntry("medianMs", 7000.0)
                .containsEntry("minMs", 6000L)
                .containsEntry("maxMs", 9000L)
                .containsEntry("runsMs", List.of(7000L, 9000L, 6000L));
        assertThat(series(run, "floor")).containsEntry("medianMs", 10000.0);
        assertThat(run).containsEntry("ratioOfMedians", 0.7);
        assertThat(series(run, "harnessTeardown")).containsEntry("medianMs", 1400.0);
        assertThat(series(run, "floorTeardown")).containsEntry("medianMs", 1000.0);
        assertThat(run).containsEntry("teardownRatioOfMedians", 1.4);
        assertThat(run).containsEntry("lastRun", Map.of("seen", 6000L));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> variants = (List<Map<String, Object>>) run.get("marathonVariants");
        assertThat(variants).hasSize(2);
        assertThat(variants.get(1))
                .containsEntry("javaOpts", "-Xmx512m")
                .containsEntry("classDataArchive", false)
                .containsEntry("ratioToDefault", 1.43)
                .containsEntry("ratioToFloor", 1.0);
        assertThat(series(variants.get(1), "marathonReady")).containsEntry("medianMs", 9000.0);
        assertThat(progress).hasSize(9).allMatch(line -> line.startsWith("bench: "));
    }

    @Test
    void withoutTheFloorAndWithOneVariantThereIsNothingToCompare() {
        Recorder runner = new Recorder(List.of(), Map.of(TUNED, List.of(5_000L)));
        Map<String, Object> run = new ClusterBench(runner, line -> {}).measure(1, 1, false, List.of(TUNED));
        assertThat(runner.calls).containsExactly("-XX:TieredStopAtLevel=1+cds 1 full");
        assertThat(run).doesNotContainKeys("floor", "ratioOfMedians", "marathonVariants");
        assertThat(series(run, "harnessColdStart")).containsEntry("medianMs", 5000.0);
    }

    @Test
    void theWarmUpStartsEachVariantOnceAndReportsItsTeardown() {
        Recorder runner = new Recorder(List.of(), Map.of(TUNED, List.of(9_000L), PLAIN, List.of(8_000L)));
        List<Map<String, Object>> warmUp = new ClusterBench(runner, line -> {}).warmUp(List.of(TUNED, PLAIN), 1);
        assertThat(runner.calls).containsExactly("-XX:TieredStopAtLevel=1+cds 1", "-Xmx512m 1");
        assertThat(warmUp.get(0))
                .containsEntry("classDataArchive", true)
                .containsEntry("coldStartMs", 9000L)
                .containsEntry("teardownMs", 1800L);
    }

    @Test
    void variantsAreEachJavaOptsCandidateWithTheArchiveAsConfiguredThenNot() {
        HarnessConfiguration config = HarnessConfiguration.load();
        boolean archive = config.getBoolean(Setting.MARATHON_CLASS_DATA_ARCHIVE);
        assertThat(Bench.variants(config, List.of("-Xmx1g ", "-Xmx2g", "-Xmx1g")))
                .containsExactly(
                        new ClusterBench.Variant("-Xmx1g", archive),
                        new ClusterBench.Variant("-Xmx1g", !archive),
                        new ClusterBench.Variant("-Xmx2g", archive),
                        new ClusterBench.Variant("-Xmx2g", !archive));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> series(Map<String, Object> run, String key) {
        return (Map<String, Object>) run.get(key);
    }
}
