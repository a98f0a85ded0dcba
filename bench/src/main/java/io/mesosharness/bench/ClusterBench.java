package io.mesosharness.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The cluster part of the benchmark for one agent count, apart from how a run is made ({@link Runner}): the floor and
 * each Marathon variant started in turn, {@code repeat} times (the machine's speed drifts within an hour, so runs of
 * the floor and of the harness are interleaved), reported as medians with their spread and ratios of medians. The
 * first variant is the default one; the others are compared with it and with the floor. Null figures are left out.
 */
record ClusterBench(ClusterBench.Runner runner, Consumer<String> progress) {

    interface Runner {
        FloorRun floor(int agents);

        /** With {@code full}, also memory, deploy-to-running and reset (only for the last default run). */
        HarnessRun harness(Variant variant, int agents, boolean full);
    }

    /** How Marathon's JVM starts: its {@code JAVA_OPTS} and whether it uses the class-data archive. */
    record Variant(String javaOpts, boolean classDataArchive) {
        @Override
        public String toString() {
            return "JAVA_OPTS '" + javaOpts + "' " + (classDataArchive ? "with" : "without") + " class-data archive";
        }
    }

    record FloorRun(long startMs, long teardownMs) {}

    /** The harness's start phases, cumulative from the start call. */
    record Phases(long zookeeperMs, long mastersMs, long agentsRegisteredMs, long marathonReadyMs, long totalMs) {}

    /** {@code classDataArchive}: what Marathon's launcher did with it. */
    record HarnessRun(
            Phases coldStart,
            String classDataArchive,
            Map<String, Double> memoryMiB,
            DeployToRunning deployToRunning,
            Long resetMs,
            long teardownMs,
            int leftovers) {}

    /** {@code pollingEvery100msMs} is null when plain polling did not see the app running within 2 minutes. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DeployToRunning(long libraryWaitMs, Long pollingEvery100msMs) {}

    record WarmUp(
            String javaOpts,
            int agents,
            long coldStartMs,
            @JsonUnwrapped HarnessRun run) {}

    record Series(double medianMs, long minMs, long maxMs, List<Long> runsMs) {
        static <R> Series of(List<R> runs, ToLongFunction<R> figure) {
            List<Long> values = runs.stream().map(figure::applyAsLong).toList();
            List<Long> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            double median = (sorted.get((n - 1) / 2) + sorted.get(n / 2)) / 2.0;
            return new Series(median, sorted.get(0), sorted.get(n - 1), values);
        }

        Double ratioTo(Series other) {
            return other == null ? null : Bench.round(medianMs / other.medianMs);
        }
    }

    record VariantRun(
            @JsonUnwrapped Variant variant,
            Series coldStart,
            Series marathonReady,
            double ratioToDefault,
            Double ratioToFloor) {}

    record AgentRun(
            int agents,
            Variant variant,
            Series harnessColdStart,
            Series harnessTeardown,
            Series floor,
            Series floorTeardown,
            Double ratioOfMedians,
            Double teardownRatioOfMedians,
            List<VariantRun> marathonVariants,
            HarnessRun lastRun) {}

    /**
     * One unmeasured start per variant before any measured run: it writes the class-data archive where a variant
     * uses one and brings the images into the page cache for the floor as for the harness. Reported, since writing
     * the archive is a cost the first cluster pays.
     */
    List<WarmUp> warmUp(List<Variant> variants, int agents) {
        List<WarmUp> out = new ArrayList<>();
        for (Variant v : variants) {
            HarnessRun run = runner.harness(v, agents, false);
            long ms = run.coldStart().totalMs();
            out.add(new WarmUp(v.javaOpts(), agents, ms, run));
            progress.accept("bench: warm-up " + v + ": start " + ms + " ms, teardown " + run.teardownMs() + " ms");
        }
        return out;
    }

    /** The floor and the variants at this agent count, interleaved {@code repeat} times. */
    AgentRun measure(int agents, int repeat, boolean withFloor, List<Variant> variants) {
        List<FloorRun> floors = new ArrayList<>();
        Map<Variant, List<HarnessRun>> runs = new LinkedHashMap<>();
        variants.forEach(v -> runs.put(v, new ArrayList<>()));
        Variant main = variants.get(0);
        for (int i = 1; i <= repeat; i++) {
            if (withFloor) {
                floors.add(runner.floor(agents));
                progress.accept("bench: floor, " + agents + " agents, run " + i + ": "
                        + floors.get(i - 1).startMs() + " ms");
            }
            for (Variant v : variants) {
                HarnessRun run = runner.harness(v, agents, i == repeat && v.equals(main));
                runs.get(v).add(run);
                progress.accept("bench: " + v + ", " + agents + " agents, run " + i + ": "
                        + run.coldStart().totalMs() + " ms");
            }
        }
        Series floor = withFloor ? Series.of(floors, FloorRun::startMs) : null;
        Series floorTeardown = withFloor ? Series.of(floors, FloorRun::teardownMs) : null;
        Series start = Series.of(runs.get(main), r -> r.coldStart().totalMs());
        Series teardown = Series.of(runs.get(main), HarnessRun::teardownMs);
        List<VariantRun> candidates = new ArrayList<>();
        for (Variant v : variants.size() > 1 ? variants : List.<Variant>of()) {
            Series coldStart = Series.of(runs.get(v), r -> r.coldStart().totalMs());
            Series ready = Series.of(runs.get(v), r -> r.coldStart().marathonReadyMs());
            candidates.add(new VariantRun(v, coldStart, ready, coldStart.ratioTo(start), coldStart.ratioTo(floor)));
        }
        return new AgentRun(
                agents,
                main,
                start,
                teardown,
                floor,
                floorTeardown,
                start.ratioTo(floor),
                teardown.ratioTo(floorTeardown),
                candidates.isEmpty() ? null : candidates,
                runs.get(main).get(repeat - 1));
    }
}
