package io.mesosharness.marathon;

import java.util.List;
import java.util.stream.Stream;

/** A Marathon group ({@code GET /v2/groups}) with its dependencies (absolute ids), apps, sub-groups and pods. */
public record Group(
        String id,
        String version,
        List<String> dependencies,
        List<App> apps,
        List<Group> groups,
        List<PodStatus> pods) {

    /** All apps of this group and its sub-groups. */
    public List<App> allApps() {
        return Stream.concat(apps.stream(), groups.stream().flatMap(g -> g.allApps().stream()))
                .toList();
    }

    /** All pods of this group and its sub-groups. */
    public List<PodStatus> allPods() {
        return Stream.concat(pods.stream(), groups.stream().flatMap(g -> g.allPods().stream()))
                .toList();
    }
}
