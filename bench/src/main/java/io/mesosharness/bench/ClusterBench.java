package io.mesosharness.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The cluster part of the benchmark for one agent count, apart from how a run is made ({@link Runner}): the floor and
 * each Marathon variant started in turn, {@code repeat} times (the machine's speed drifts within an hour, so runs of
 * the floor and of the harness are interleaved), reported as medians with their spread and ratios of medians. The
 * first variant is the default one; the others are compared with it and with the floor.
 */
final class ClusterBench {

    /** How Marathon's JVM starts: its {@code JAVA_OPTS} and whether it uses the class-data archive. */
    record Variant(String javaOpts, boolean classDataArchive) {
        @Override
        public String toString() {
            return "JAVA_OPTS '" + javaOpts + "' " + (classDataArchive ? "with" : "without") + " class-data archive";
        }

        Map<String, Object> toJson() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("javaOpts", javaOpts);
            out.put("classDataArchive", classDataArchive);
            return out;
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

    private final Runner runner;
    private final Consumer<String> progress;

    ClusterBench(Runner runner, Consumer<String> progress) {
        this.runner = runner;
        this.progress = progress;
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
            one.put("agents", agents);
            one.put("coldStartMs", run.totalMs());
            one.put("teardownMs", run.teardownMs());
            one.putAll(run.figures());
            out.add(one);
            progress.accept(
                    "bench: warm-up " + v + ": start " + run.totalMs() + " ms, teardown " + run.teardownMs() + " ms");
        }
        return out;
    }

    /** The floor and the variants at this agent count, interleaved {@code repeat} times. */
    Map<String, Object> measure(int agents, int repeat, boolean withFloor, List<Variant> variants) {
        Series floorStart = new Series();
        Series floorTeardown = new Series();
        Map<Variant, Series> start = new LinkedHashMap<>();
        Map<Variant, Series> marathon = new LinkedHashMap<>();
        Map<Variant, Series> teardown = new LinkedHashMap<>();
        HarnessRun last = null;
        for (int i = 1; i <= repeat; i++) {
            if (withFloor) {
                FloorRun floor = runner.floor(agents);
                floorStart.add(floor.startMs());
                floorTeardown.add(floor.teardownMs());
                progress.accept("bench: floor, " + agents + " agents, run " + i + ": " + floor.startMs() + " ms");
            }
            for (Variant v : variants) {
                boolean full = i == repeat && v.equals(variants.get(0));
                HarnessRun run = runner.harness(v, agents, full);
                start.computeIfAbsent(v, k -> new Series()).add(run.totalMs());
                marathon.computeIfAbsent(v, k -> new Series()).add(run.marathonReadyMs());
                teardown.computeIfAbsent(v, k -> new Series()).add(run.teardownMs());
                progress.accept("bench: " + v + ", " + agents + " agents, run " + i + ": " + run.totalMs() + " ms");
                if (full) {
                    last = run;
                }
            }
        }
        Variant main = variants.get(0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("agents", agents);
        out.put("variant", main.toJson());
        out.put("harnessColdStart", start.get(main).toJson());
        out.put("harnessTeardown", teardown.get(main).toJson());
        if (withFloor) {
            out.put("floor", floorStart.toJson());
            out.put("floorTeardown", floorTeardown.toJson());
            out.put("ratioOfMedians", ratio(start.get(main), floorStart));
            out.put("teardownRatioOfMedians", ratio(teardown.get(main), floorTeardown));
        }
        if (variants.size() > 1) {
            List<Map<String, Object>> candidates = new ArrayList<>();
            for (Variant v : variants) {
                Map<String, Object> c = v.toJson();
                c.put("coldStart", start.get(v).toJson());
                c.put("marathonReady", marathon.get(v).toJson());
                c.put("ratioToDefault", ratio(start.get(v), start.get(main)));
                if (withFloor) {
                    c.put("ratioToFloor", ratio(start.get(v), floorStart));
                }
                candidates.add(c);
            }
            out.put("marathonVariants", candidates);
        }
        out.put("lastRun", last.figures());
        return out;
    }

    private static double ratio(Series a, Series b) {
        return Math.round(a.median() / b.median() * 100) / 100.0;
    }
}
