package io.mesosharness.assertions;

import io.mesosharness.marathon.App;
import java.util.List;

/** What a scale or restart did to an app's running task ids, and the app as Marathon reported it at the end. */
public record TaskSetChange(
        List<String> before, List<String> after, List<String> added, List<String> removed, App app) {

    public TaskSetChange {
        before = List.copyOf(before);
        after = List.copyOf(after);
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    static TaskSetChange of(List<String> before, List<String> after, App app) {
        return new TaskSetChange(
                before,
                after,
                after.stream().filter(t -> !before.contains(t)).toList(),
                before.stream().filter(t -> !after.contains(t)).toList(),
                app);
    }

    @Override
    public String toString() {
        return "tasks added " + added + ", removed " + removed + " (now running " + after.size() + ")";
    }
}
