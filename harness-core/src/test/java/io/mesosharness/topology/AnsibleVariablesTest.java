package io.mesosharness.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inventory variables: typos are errors with file, line and "did you mean"; group_vars/ and host_vars/ are read. */
@Tag("unit")
class AnsibleVariablesTest {

    @TempDir
    Path dir;

    private static Topology ini(String text) {
        return TopologyFiles.parseAnsibleInventory(text, "hosts");
    }

    private static void assertIniError(String text, InventoryOptions options, String message) {
        assertThatThrownBy(() -> TopologyFiles.parseAnsibleInventory(text, "hosts", options))
                .isInstanceOf(TopologyException.class)
                .message()
                .contains(message);
    }

    private Path write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @Test
    void misspelledMesosVariableIsAnErrorWithLineAndSuggestion() {
        assertIniError(
                "[mesos_agents]\na1\nc1 mesos_atributes=rack:a\n",
                InventoryOptions.defaults(),
                "hosts line 3, c1.mesos_atributes: unknown mesos-harness variable 'mesos_atributes'"
                        + " (did you mean 'mesos_attributes'?); allowed: mesos_agent_attributes, mesos_attributes");
        assertIniError(
                "[mesos_agents]\na1\n[all:vars]\nmesos_quorom=1\n",
                InventoryOptions.defaults(),
                "hosts line 4, all.mesos_quorom: unknown mesos-harness variable 'mesos_quorom'"
                        + " (did you mean 'mesos_quorum'?)");
        assertIniError(
                "[mesos_agents]\na1\n[mesos_agents:vars]\nmesos_resorces=cpus:1\n",
                InventoryOptions.defaults(),
                "hosts line 4, [mesos_agents:vars].mesos_resorces: unknown mesos-harness variable");
    }

    @Test
    void mesosVariablesOfOtherRolesPassWhenListedAndOthersOnlyInStrictMode() {
        String text = "[mesos_agents]\na1 mesos_version=1.7.0 ntp_server=pool\n[all:vars]\n"
                + "mesos_harness_ignore=mesos_version, mesos_install_mode\n";

        assertThat(ini(text).expandedAgents()).hasSize(1);
        assertIniError(
                text,
                InventoryOptions.defaults().withStrictVariables(true),
                "hosts line 2, a1.ntp_server: unknown variable 'ntp_server'");
        assertThat(TopologyFiles.parseAnsibleInventory(
                                "[mesos_agents]\na1 ansible_host=10.0.0.1 ansible_user=me\n",
                                "hosts",
                                InventoryOptions.defaults().withStrictVariables(true))
                        .expandedAgents())
                .hasSize(1);
    }

    @Test
    void flagVariablesReachMastersAndAgents() {
        Topology t = ini("[mesos_masters]\nm1\n[mesos_masters:vars]\nmesos_master_flags=\"--offer_timeout=30secs\"\n"
                + "[mesos_agents]\na1 mesos_agent_flags=\"--gc_delay=1days fetcher_cache_size=1GB\"\na2\n");

        assertThat(t.masterSettings().flags().asMap()).containsExactly(Map.entry("offer_timeout", "30secs"));
        assertThat(t.expandedAgents().get(0).flags().asMap())
                .containsExactly(Map.entry("gc_delay", "1days"), Map.entry("fetcher_cache_size", "1GB"));
        assertThat(t.expandedAgents().get(1).flags().isEmpty()).isTrue();
        assertIniError(
                "[mesos_agents]\na1\na2 mesos_agent_flags=--hostname=x\n",
                InventoryOptions.defaults(),
                "hosts line 3, a2.mesos_agent_flags: --hostname is set by the harness from the agent's name");
        assertIniError(
                "[mesos_agents]\na1 mesos_agent_flags=gc_delay\n",
                InventoryOptions.defaults(),
                "hosts line 2, a1.mesos_agent_flags: expected --name=value words separated by spaces, got 'gc_delay'");
        assertIniError(
                "[mesos_masters]\nm1\n[mesos_masters:vars]\nmesos_master_flags=--quorum=1\n[mesos_agents]\na1\n",
                InventoryOptions.defaults(),
                "hosts line 4, mesos_master_flags: --quorum is set by the harness from the number of masters");
    }

    @Test
    void groupVarsAndHostVarsAreReadWithAnsiblesPrecedence() throws IOException {
        Path hosts = write(
                "hosts",
                "[mesos_agents]\na1\na2\na3 mesos_attributes=rack:line\n[mesos_agents:vars]\n"
                        + "mesos_attributes=rack:ini\n");
        write("group_vars/all.yml", "mesos_cluster: from-files\n");
        write("group_vars/mesos_agents/main.yml", "---\nmesos_attributes: \"rack:gv\"\n");
        write("host_vars/a2.yml", "mesos_attributes: rack:hv\nmesos_agent_flags: --gc_delay=2days\n");
        write("host_vars/a3.json", "{\"mesos_resources\": \"cpus:0.5\"}");

        Topology t = TopologyFiles.load(hosts);

        assertThat(t.name()).isEqualTo("from-files");
        assertThat(t.expandedAgents())
                .extracting(a -> a.attributes().render())
                .containsExactly("rack:gv", "rack:hv", "rack:line");
        assertThat(t.expandedAgents().get(1).flags().asMap()).containsExactly(Map.entry("gc_delay", "2days"));
        assertThat(t.expandedAgents().get(2).resources().render()).contains("cpus:0.5");
    }

    @Test
    void errorsInVarsFilesNameTheFileAndLine() throws IOException {
        Path hosts = write("hosts", "[mesos_agents]\na1\n");
        write("group_vars/mesos_agents.yml", "# agents\nmesos_atributes: rack:a\n");

        assertThatThrownBy(() -> TopologyFiles.load(hosts))
                .hasMessageStartingWith("group_vars/mesos_agents.yml line 2, group_vars mesos_agents.mesos_atributes:"
                        + " unknown mesos-harness variable 'mesos_atributes' (did you mean 'mesos_attributes'?)");

        write("group_vars/mesos_agents.yml", "mesos_attributes: [rack, a]\n");
        assertThatThrownBy(() -> TopologyFiles.load(hosts))
                .hasMessageStartingWith(
                        "group_vars/mesos_agents.yml line 1, mesos_attributes: expected a single value");

        write("group_vars/mesos_agents.yml", "mesos_attributes: \"rack:a;;\"\n");
        assertThatThrownBy(() -> TopologyFiles.load(hosts))
                .hasMessageStartingWith(
                        "group_vars/mesos_agents.yml line 1, a1.mesos_attributes: Bad Mesos attributes");

        write("group_vars/mesos_agents.yml", "$ANSIBLE_VAULT;1.1;AES256\n6162\n");
        assertThatThrownBy(() -> TopologyFiles.load(hosts))
                .hasMessageContaining("group_vars/mesos_agents.yml line 1: is encrypted with ansible-vault");

        write("group_vars/mesos_agents.yml", "mesos_attributes: [unclosed\n");
        assertThatThrownBy(() -> TopologyFiles.load(hosts))
                .hasMessageStartingWith("group_vars/mesos_agents.yml line ")
                .hasMessageContaining("invalid YAML");
    }

    @Test
    void aVarsFileForAMisspelledGroupIsAnError() throws IOException {
        Path hosts = write("hosts", "[mesos_agents]\na1\n");
        write("group_vars/mesos_agent.yml", "mesos_attributes: rack:a\n");
        write("group_vars/webservers.yml", "nginx_port: 80\n");

        assertThatThrownBy(() -> TopologyFiles.load(hosts))
                .hasMessage("group_vars/mesos_agent.yml: the inventory hosts has no group 'mesos_agent'"
                        + " (did you mean 'mesos_agents'?); Ansible would ignore this file");
    }

    @Test
    void classpathInventoriesReadTheirVarsFiles() {
        Topology t = TopologyFiles.loadResource("inventory-with-vars/hosts");

        assertThat(t.expandedAgents()).extracting(a -> a.attributes().render()).containsExactly("rack:a", "rack:b");
        assertThat(t.agentFlags().isEmpty()).isTrue();
        assertThat(t.expandedAgents().get(0).flags().asMap()).containsExactly(Map.entry("gc_delay", "1days"));
    }

    @Test
    void inventoryTextWithoutADirectoryHasNoVarsFiles() throws IOException {
        write("group_vars/mesos_agents.yml", "mesos_attributes: rack:a\n");

        assertThat(ini("[mesos_agents]\na1\n")
                        .expandedAgents()
                        .get(0)
                        .attributes()
                        .isEmpty())
                .isTrue();
    }
}
