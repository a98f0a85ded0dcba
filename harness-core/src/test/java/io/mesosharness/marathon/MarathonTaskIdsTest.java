package io.mesosharness.marathon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Marathon's task ids as a real Marathon 1.8 wrote them (captured/mesos-master-tasks.json). */
@Tag("unit")
class MarathonTaskIdsTest {

    private static final String WEB = "web.instance-ff836c1f-e870-11f1-beda-0242ac1d000a._app.1";

    @Test
    void aTaskIdBelongsToItsAppOnly() {
        assertThat(MarathonTaskIds.belongsToApp(WEB, "/web")).isTrue();
        assertThat(MarathonTaskIds.belongsToApp(WEB, "web")).isTrue();
        assertThat(MarathonTaskIds.belongsToApp(WEB, "/we")).isFalse();
        assertThat(MarathonTaskIds.belongsToApp(WEB, "/web2")).isFalse();
        assertThat(MarathonTaskIds.belongsToApp("web2.instance-ff836c1f-e870-11f1-beda-0242ac1d000a._app.1", "/web"))
                .isFalse();
        assertThat(MarathonTaskIds.belongsToApp(null, "/web")).isFalse();
    }

    @Test
    void appsInGroupsAndOlderTaskIdsAreRecognised() {
        String nested = "prod_web.instance-ff836c1f-e870-11f1-beda-0242ac1d000a._app.1";
        assertThat(MarathonTaskIds.belongsToApp(nested, "/prod/web")).isTrue();
        assertThat(MarathonTaskIds.belongsToApp(nested, "/web")).isFalse();
        assertThat(MarathonTaskIds.belongsToGroup(nested, "/prod")).isTrue();
        assertThat(MarathonTaskIds.belongsToGroup(nested, "/pro")).isFalse();
        assertThat(MarathonTaskIds.belongsToGroup(WEB, "/web")).isFalse();
        assertThat(MarathonTaskIds.belongsToApp("web.1c5b6e2a-e870-11f1-beda-0242ac1d000a", "/web"))
                .isTrue();
        assertThat(MarathonTaskIds.belongsToApp("web.v2.instance-ff836c1f-e870-11f1-beda-0242ac1d000a._app.1", "/web"))
                .as("/web.v2 is another app (dots are allowed in ids)")
                .isFalse();
    }
}
