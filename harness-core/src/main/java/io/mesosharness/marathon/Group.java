package io.mesosharness.marathon;

import java.util.ArrayList;
import java.util.List;

/** A Marathon group ({@code GET /v2/groups}) with its dependencies (absolute ids), apps, sub-groups and pods. */
public record Group(
        String id,
        String version,
        List<String> dependencies,
        List<App> apps,
        List<Group> groups,
        List<PodStatus> pods) {

    public Group {
        dependencies = dependencies == null ? List.of() : dependencies;
        apps = apps == null ? List.of() : apps;
        groups = groups == null ? List.of() : groups;
        pods = pods == null ? List.of() : pods;
    }

    /** All apps of this group and its sub-groups. */
    public List<App> allApps() {
        List<App> all = new ArrayList<>(apps);
        groups.forEach(g -> all.addAll(g.allApps()));
        return all;
    }

    /** All pods of this group and its sub-groups. */
    public List<PodStatus> allPods() {
        List<PodStatus> all = new ArrayList<>(pods);
        groups.forEach(g -> all.addAll(g.allPods()));
        return all;
    }
}
