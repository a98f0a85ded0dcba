package io.mesosharness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The benchmark's options: every one is checked before anything is measured, and an error names the option. */
@Tag("unit")
class BenchTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Bench bench = new Bench(
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void helpPrintsTheUsage() {
        assertThat(bench.run(new String[] {"--help"})).isZero();
        assertThat(out.toString()).startsWith("usage: ./mesos-harness bench").contains("--compare-at");
    }

    @Test
    void badAgentCountsAreRejected() {
        assertThat(bench.run(new String[] {"--agents", "3,zero"})).isEqualTo(2);
        assertThat(err.toString()).contains("--agents takes positive whole numbers");
    }

    @Test
    void badCompareAtCountsAreRejectedBeforeMeasuringAnything() {
        assertThat(bench.run(new String[] {"--compare-at", "three"})).isEqualTo(2);
        assertThat(err.toString())
                .contains("--compare-at takes positive whole numbers")
                .contains("'three'");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void unknownOptionsAndMissingValuesAreNamed() {
        assertThat(bench.run(new String[] {"--topology", "x.yml"})).isEqualTo(2);
        assertThat(err.toString()).contains("unknown option --topology");
        assertThat(bench.run(new String[] {"--repeat"})).isEqualTo(2);
        assertThat(err.toString()).contains("--repeat needs a value");
    }
}
