package io.mesosharness.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.MarathonApp;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every app definition the examples ship ({@code apps/*.json}) is one that the real Marathon accepts: each is created
 * as it is written (with no instances, so nothing is placed) and read back. Marathon 1.8 validates more than its docs
 * say (a readiness check's {@code timeoutSeconds} must be below its {@code intervalSeconds}), so a definition that was
 * never sent to a real Marathon is not an example.
 */
@Tag("cluster")
@TwoRacks
class AppDefinitionsTest {

    /** Values for the definitions' placeholders without a default. */
    private static final Map<String, String> VARIABLES = Map.of("APP_IMAGE", "team/web:1.4");

    static Stream<String> definitions() throws IOException, URISyntaxException {
        Path dir = Path.of(AppDefinitionsTest.class.getResource("/apps").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .sorted()
                    .toList();
            assertThat(names).as("app definitions under %s", dir).isNotEmpty();
            return names.stream().map(n -> "apps/" + n);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void marathonAcceptsTheDefinition(String resource, MesosClusterHandle cluster) {
        MarathonApp app = MarathonApp.fromResource(resource, VARIABLES).withInstances(0);

        cluster.marathon().create(app);

        assertThat(cluster.marathon().app(app.id()))
                .as("%s as Marathon stored it", resource)
                .satisfies(stored -> assertThat(stored.id()).endsWith(app.id()))
                .satisfies(stored -> assertThat(stored.instances()).isZero());
    }
}
