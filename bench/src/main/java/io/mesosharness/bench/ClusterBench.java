package io.mesosharness.bench;

import static io.mesosharness.bench.Bench.json;
import static io.mesosharness.bench.Bench.round;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The cluster part of the benchmark for one agent count, apart from how a run is made ({@link Runner}): the floor and
 * each Marathon variant started in turn, {@code repeat} times (the machine's speed drifts within an hour, so runs of
 * the floor and of the harness are interleaved), reported as medians with their spread (never a single run) and
 * ratios of medians. The first variant is the default one; the others are compared with it and with the floor.
 */
record ClusterBench(ClusterBench.Runner runner, Consumer<String> progress) {

    /** How Marathon's JVM starts: its {@code JAVA_OPTS} and whether it uses the class-data archive. */
    record Variant(String javaOpts, boolean classDataArchive) {
        @Override
        public String toString() {
            return "JAVA_OPTS '" + javaOpts + "' " + (classDataArchive ? "with" : "without") + " class-data archive";
        }

        Map<String, Object> toJson() {
            return json("javaOpts", javaOpts, "classDataArchive", classDataArchive);
        }
    }

    /** One harness start: {@code totalMs} and {@code marathonReadyMs} at least, teardown, and any other figures. */
    record HarnessRun(long totalMs, long marathonReadyMs, long teardownMs, Map<String, Object> figures) {}

    /** One floor start and its removal. */
    record FloorRun(long startMs, long teardownMs) {}

    /** Makes the runs. */
    interface Runner {
        FloorRun floor(int agents);

        /** With {@code full}, also memory, deploy-to-running and reset (only for the last default run). */
        HarnessRun harness(Variant variant, int agents, boolean full);
    }

    /**
     * One unmeasured start per variant before any measured run: it writes the class-data archive where a variant
     * uses one (so every measured run of that variant finds it) and brings the images into the page cache for the
     * floor as for the harness. Reported, since writing the archive is a cost the first cluster pays.
     */
    List<Map<String, Object>> warmUp(List<Variant> variants, int agents) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Variant v : variants) {
            HarnessRun run = runner.harness(v, agents, false);
            Map<String, Object> one = v.toJson();
            one.putAll(json("agents", agents, "coldStartMs", run.totalMs(), "teardownMs", run.teardownMs()));
            one.putAll(run.figures());
            out.add(one);
            progress.accept(
                    "bench: warm-up " + v + ": start " + run.totalMs() + " ms, teardown " + run.teardownMs() + " ms");
        }
        return out;
    }

    /** The floor and the variants at this agent count, interleaved {@code repeat} times. */
    Map<String, Object> measure(int agents, int repeat, boolean withFloor, List<Variant> variants) {
        List<FloorRun> floors = new ArrayList<>();
        Map<Variant, List<HarnessRun>> runs = new LinkedHashMap<>();
        Variant main = variants.get(0);
        for (int i = 1; i <= repeat; i++) {
            if (withFloor) {
                FloorRun floor = runner.floor(agents);
                floors.add(floor);
                progress.accept("bench: floor, " + agents + " agents, run " + i + ": " + floor.startMs() + " ms");
            }
            for (Variant v : variants) {
                HarnessRun run = runner.harness(v, agents, i == repeat && v.equals(main));
                runs.computeIfAbsent(v, k -> new ArrayList<>()).add(run);
                progress.accept("bench: " + v + ", " + agents + " agents, run " + i + ": " + run.totalMs() + " ms");
            }
        }
        Map<String, Object> start = series(runs.get(main), HarnessRun::totalMs);
        Map<String, Object> teardown = series(runs.get(main), HarnessRun::teardownMs);
        Map<String, Object> out = json(
                "agents", agents, "variant", main.toJson(), "harnessColdStart", start, "harnessTeardown", teardown);
        Map<String, Object> floor = withFloor ? series(floors, FloorRun::startMs) : null;
        if (withFloor) {
            Map<String, Object> floorTeardown = series(floors, FloorRun::teardownMs);
            out.putAll(json(
                    "floor",
                    floor,
                    "floorTeardown",
                    floorTeardown,
                    "ratioOfMedians",
                    ratio(start, floor),
                    "teardownRatioOfMedians",
                    ratio(teardown, floorTeardown)));
        }
        if (variants.size() > 1) {
            List<Map<String, Object>> candidates = new ArrayList<>();
            for (Variant v : variants) {
                Map<String, Object> c = v.toJson();
                Map<String, Object> coldStart = series(runs.get(v), HarnessRun::totalMs);
                c.putAll(json(
                        "coldStart", coldStart,
                        "marathonReady", series(runs.get(v), HarnessRun::marathonReadyMs),
                        "ratioToDefault", ratio(coldStart, start)));
                if (withFloor) {
                    c.put("ratioToFloor", ratio(coldStart, floor));
                }
                candidates.add(c);
            }
            out.put("marathonVariants", candidates);
        }
        out.put("lastRun", runs.get(main).get(repeat - 1).figures());
        return out;
    }

    /** {@code {"medianMs": …, "minMs": …, "maxMs": …, "runsMs": […]}} of one figure of the runs. */
    private static <R> Map<String, Object> series(List<R> runs, ToLongFunction<R> figure) {
        List<Long> values = runs.stream().map(figure::applyAsLong).toList();
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
        return json("medianMs", median, "minMs", sorted.get(0), "maxMs", sorted.get(n - 1), "runsMs", values);
    }

    private static double ratio(Map<String, Object> a, Map<String, Object> b) {
        return round((Double) a.get("medianMs") / (Double) b.get("medianMs"));
    }
}
