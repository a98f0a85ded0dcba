package io.mesosharness.marathon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;

/** A Marathon group ({@code GET /v2/groups}) with its apps and sub-groups. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Group(String id, String version, List<App> apps, List<Group> groups) {

    public Group {
        apps = apps == null ? List.of() : List.copyOf(apps);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** All apps of this group and its sub-groups. */
    public List<App> allApps() {
        List<App> all = new ArrayList<>(apps);
        groups.forEach(g -> all.addAll(g.allApps()));
        return all;
    }
}
