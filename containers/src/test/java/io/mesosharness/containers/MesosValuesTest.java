package io.mesosharness.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class MesosValuesTest {

    @Test
    void valueTypesFollowTheAgentParser() {
        assertThat(MesosValue.parse("a")).isEqualTo(new MesosValue.Text("a"));
        assertThat(MesosValue.parse("1")).isEqualTo(new MesosValue.Scalar(1));
        assertThat(MesosValue.parse(" 0.80 ")).isEqualTo(new MesosValue.Scalar(0.8));
        assertThat(MesosValue.parse("[1000-1500, 2000-2001]"))
                .isEqualTo(new MesosValue.Ranges(
                        List.of(new MesosValue.Range(1000, 1500), new MesosValue.Range(2000, 2001))));
        assertThat(MesosValue.parse("{a, b}")).isEqualTo(new MesosValue.Set(List.of("a", "b")));
        assertThat(MesosValue.parse("1.2.3")).isEqualTo(new MesosValue.Text("1.2.3"));
    }

    @Test
    void rendersMesosAndMarathonForms() {
        assertThat(new MesosValue.Scalar(2).render()).isEqualTo("2");
        assertThat(new MesosValue.Scalar(0.80).render()).isEqualTo("0.8");
        assertThat(new MesosValue.Scalar(1.23456).render()).isEqualTo("1.235");
        assertThat(MesosValue.parse("[1-2,5-6]").render()).isEqualTo("[1-2,5-6]");
        assertThat(MesosValue.parse("ssd").render()).isEqualTo("ssd");
        assertThat(((MesosValue.Ranges) MesosValue.parse("[5-6,1-2,3-4]"))
                        .normalized()
                        .render())
                .isEqualTo("[1-6]");
    }

    @Test
    void badValuesNameTheText() {
        assertThatThrownBy(() -> MesosValue.parse("[10-5]"))
                .hasMessageContaining("[10-5]")
                .hasMessageContaining("begin must be >= 0 and <= end");
        assertThatThrownBy(() -> MesosValue.parse("[1-x]")).hasMessageContaining("'1-x' is not two whole numbers");
        assertThatThrownBy(() -> MesosValue.parse("[1-2")).hasMessageContaining("expected [begin-end,...]");
        assertThatThrownBy(() -> MesosValue.parse("a$b"))
                .hasMessageContaining("'a$b'")
                .hasMessageContaining("only letters, digits and _ / . -");
        assertThatThrownBy(() -> MesosValue.parse("  ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> new MesosValue.Scalar(Double.NaN)).hasMessageContaining("finite");
    }

    @Test
    void parsesAttributes() {
        MesosAttributes a = MesosAttributes.parse(" rack : a ; zone:eu-1;gen:3;ports:[1-2]\n");
        assertThat(a.render()).isEqualTo("rack:a;zone:eu-1;gen:3;ports:[1-2]");
        assertThat(a.get("gen")).contains(new MesosValue.Scalar(3));
        assertThat(a.get("zone")).contains(new MesosValue.Text("eu-1"));
        assertThat(a.get("nope")).isEmpty();
        assertThat(a.asMap())
                .containsExactly(
                        Map.entry("rack", "a"),
                        Map.entry("zone", "eu-1"),
                        Map.entry("gen", "3"),
                        Map.entry("ports", "[1-2]"));
        assertThat(a).isEqualTo(MesosAttributes.parse("rack:a;zone:eu-1;gen:3.0;ports:[1-2]"));
        assertThat(MesosAttributes.parse("")).isEqualTo(MesosAttributes.empty());
        Map<String, String> map = new LinkedHashMap<>();
        map.put("rack", "a");
        map.put("level", "0.80");
        assertThat(MesosAttributes.of(map).render()).isEqualTo("rack:a;level:0.8");
        assertThat(MesosAttributes.parse("rack:a").hashCode())
                .isEqualTo(MesosAttributes.parse("rack:a").hashCode());
    }

    @Test
    void badAttributesGetPreciseMessages() {
        assertThatThrownBy(() -> MesosAttributes.parse("rack:{a,b}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'rack:{a,b}'")
                .hasMessageContaining("set value '{a,b}'")
                .hasMessageContaining("crash at startup");
        assertThatThrownBy(() -> MesosAttributes.parse("rack"))
                .hasMessageContaining("'rack' has no ':' (expected name:value)");
        assertThatThrownBy(() -> MesosAttributes.parse(":a"))
                .hasMessageContaining("an attribute has an empty name (value 'a')");
        assertThatThrownBy(() -> MesosAttributes.parse("rack:"))
                .hasMessageContaining("attribute 'rack' has an empty value");
        assertThatThrownBy(() -> MesosAttributes.parse("rack:a;rack:b"))
                .hasMessageContaining("attribute 'rack' is given twice");
        assertThatThrownBy(() -> MesosAttributes.parse("rack:a*b"))
                .hasMessageContaining("attribute 'rack'")
                .hasMessageContaining("'a*b'");
        assertThatThrownBy(() -> MesosAttributes.parse("ra#ck:a")).hasMessageContaining("attribute name 'ra#ck'");
    }

    @Test
    void emptyEntriesAreRejectedInAttributesAndResources() {
        assertThatThrownBy(() -> MesosAttributes.parse("rack:a;;"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Bad Mesos attributes 'rack:a;;'")
                .hasMessageContaining("entry 2 of 3 is empty");
        assertThatThrownBy(() -> MesosAttributes.parse(";rack:a"))
                .hasMessageContaining("';rack:a'")
                .hasMessageContaining("entry 1 of 2 is empty");
        assertThatThrownBy(() -> MesosAttributes.parse("rack:a;"))
                .hasMessageContaining("'rack:a;'")
                .hasMessageContaining("entry 2 of 2 is empty");
        assertThatThrownBy(() -> MesosResources.parse("cpus:1;;mem:64"))
                .hasMessageContaining("Bad Mesos resources 'cpus:1;;mem:64'")
                .hasMessageContaining("entry 2 of 3 is empty");
        assertThat(MesosAttributes.parse("rack:a\nzone:b\n").render()).isEqualTo("rack:a;zone:b");
        assertThat(MesosAttributes.parse("  ")).isEqualTo(MesosAttributes.empty());
        assertThatThrownBy(() -> MesosAttributes.parse("ports:[9-1]"))
                .hasMessageContaining("attribute 'ports'")
                .hasMessageContaining("[9-1]");
    }

    @Test
    void parsesResources() {
        MesosResources r =
                MesosResources.parse("cpus:2;mem:1024;disk:4096;ports:[31000-32000];cpus(ads):0.5;bugs:{a,b}");
        assertThat(r.scalar("cpus")).isEqualTo(2.5);
        assertThat(r.scalar("mem")).isEqualTo(1024);
        assertThat(r.get("cpus(ads)")).contains(new MesosValue.Scalar(0.5));
        assertThat(r.get("ports")).contains(new MesosValue.Ranges(List.of(new MesosValue.Range(31000, 32000))));
        assertThat(r.findScalar("gpus")).isEmpty();
        assertThat(r.render()).isEqualTo("cpus:2;mem:1024;disk:4096;ports:[31000-32000];cpus(ads):0.5;bugs:{a,b}");
        assertThat(r.with("mem", "2048").with("cpus(ads)", "1").render())
                .isEqualTo("cpus:2;disk:4096;ports:[31000-32000];bugs:{a,b};mem:2048;cpus(ads):1");
        assertThat(MesosResources.of(Map.of("cpus", "1"))).isEqualTo(MesosResources.parse("cpus:1.0"));
        assertThat(MesosResources.parse(MesosResources.AGENT_DEFAULT)
                        .requireCpusAndMem()
                        .render())
                .isEqualTo(MesosResources.AGENT_DEFAULT);
    }

    @Test
    void badResourcesGetPreciseMessages() {
        assertThatThrownBy(() -> MesosResources.parse("cpus:-1;mem:10"))
                .hasMessageContaining("'cpus:-1;mem:10'")
                .hasMessageContaining("resource 'cpus' is negative (-1)");
        assertThatThrownBy(() -> MesosResources.parse("cpus:NaN;mem:10"))
                .hasMessageContaining("resource 'cpus' has the value 'NaN'");
        assertThatThrownBy(() -> MesosResources.parse("cpus:fast"))
                .hasMessageContaining("neither a number, a range [b-e] nor a set {a,b}");
        assertThatThrownBy(() -> MesosResources.parse("cpus(:1")).hasMessageContaining("resource name 'cpus('");
        assertThatThrownBy(() -> MesosResources.parse("cpus")).hasMessageContaining("'cpus' has no ':'");
        assertThatThrownBy(() -> MesosResources.parse("ports:[2-1]"))
                .hasMessageContaining("resource 'ports'")
                .hasMessageContaining("[2-1]");
        assertThatThrownBy(() -> MesosResources.parse("disk:100").requireCpusAndMem())
                .hasMessageContaining("'disk:100' have no (positive) cpus and mem")
                .hasMessageContaining("never offers an agent without cpus and mem");
        assertThatThrownBy(() -> MesosResources.parse("cpus:1").requireCpusAndMem())
                .hasMessageContaining("'cpus:1' have no (positive) mem");
        assertThatThrownBy(() -> MesosResources.parse("cpus:1;mem:1").scalar("disk"))
                .hasMessageContaining("No scalar resource 'disk'");
    }
}
