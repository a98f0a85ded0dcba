package io.mesosharness.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class TopologyFilesTest {
    private static final String YAML = "name: y\nagents:\n  - name: a\n";
    private static final String INI = "[mesos_agents]\na\n";

    @TempDir
    Path dir;

    @Test
    void formatFollowsTheFileName() throws IOException {
        assertThat(load("t.yml", YAML).name()).isEqualTo("y");
        assertThat(load("t.yaml", YAML).name()).isEqualTo("y");
        assertThat(load("t.ini", INI).expandedAgents()).hasSize(1);
        assertThat(load("hosts", INI).expandedAgents()).hasSize(1);
        assertThat(load("inventory", INI).expandedAgents()).hasSize(1);
        assertThat(load("production", INI).expandedAgents()).hasSize(1);
    }

    @Test
    void otherNamesAreRecognisedByTheirContent() throws IOException {
        assertThat(load("t.txt", INI).expandedAgents())
                .extracting(AgentSpec::hostname)
                .containsExactly("a");
        assertThat(load("t.txt", YAML).name()).isEqualTo("y");
        assertThat(load("topology", YAML).name()).isEqualTo("y");
        assertThat(TopologyFiles.parse(INI, "whatever.conf").expandedAgents()).hasSize(1);
    }

    @Test
    void errorsNameTheFileNotItsDirectory() throws IOException {
        assertThatThrownBy(() -> load("broken.yml", "masters: 2\nagents: [{name: a}]\n"))
                .isInstanceOf(TopologyException.class)
                .hasMessage("broken.yml line 1, masters: must be 1 or an odd number of at least 3, was 2 (2 masters "
                        + "tolerate no more failures than 1)");
        Path missing = dir.resolve("nope.yml");
        assertThatThrownBy(() -> TopologyFiles.load(missing))
                .isInstanceOf(TopologyException.class)
                .hasMessage(missing + ": topology file not found");
        assertThatThrownBy(() -> TopologyFiles.load(dir))
                .isInstanceOf(TopologyException.class)
                .hasMessage(dir + ": is a directory; give the topology file or the inventory file itself, e.g. "
                        + dir.resolve("hosts"));
    }

    @Test
    void resourcesAreReadFromTheClasspath() {
        assertThat(TopologyFiles.loadResource("/topology/prod-like.yml"))
                .isEqualTo(TopologyFiles.loadResource("topology/prod-like.yml"));
        assertThatThrownBy(() -> TopologyFiles.loadResource("topology/none.yml"))
                .isInstanceOf(TopologyException.class)
                .hasMessage("topology/none.yml: topology resource not found on the classpath");
    }

    @Test
    void aFileWrittenByToYamlLoadsBack() throws IOException {
        Topology t = TopologyFiles.loadResource("topology/children-vars.ini");
        Path file = Files.writeString(dir.resolve("captured.yml"), t.toYaml());

        assertThat(TopologyFiles.load(file)).isEqualTo(t);
    }

    private Topology load(String name, String content) throws IOException {
        Path sub = Files.createDirectories(dir.resolve("d" + System.nanoTime()));
        return TopologyFiles.load(Files.writeString(sub.resolve(name), content));
    }

    static String resource(String name) {
        try (InputStream in = TopologyFilesTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
