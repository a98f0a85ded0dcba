package io.mesosharness.marathon;

import java.util.regex.Pattern;

/**
 * Which Mesos tasks belong to a Marathon app or group, read from Marathon's task ids: the app id without its leading
 * slash, path separators as underscores, then {@code .instance-<uuid>._app.<n>} (Marathon 1.4+) or {@code .<uuid>}
 * (older), e.g. {@code /prod/web} gives {@code prod_web.instance-…}. Marathon app-id segments hold no underscores, so
 * the prefix is unambiguous. Lets the harness find tasks that Mesos still runs but Marathon has forgotten.
 */
public final class MarathonTaskIds {

    private static final Pattern SUFFIX = Pattern.compile("(instance-|[0-9a-f]{8}-[0-9a-f]{4}-).*");

    private MarathonTaskIds() {}

    /** Whether the task id is one of the app's ({@code /web} owns {@code web.instance-…}, not {@code web2.…}). */
    public static boolean belongsToApp(String taskId, String appId) {
        String prefix = safePath(appId) + ".";
        return taskId != null
                && taskId.startsWith(prefix)
                && SUFFIX.matcher(taskId.substring(prefix.length())).matches();
    }

    /** Whether the task id is one of an app under the group ({@code /prod} owns {@code prod_web.instance-…}). */
    public static boolean belongsToGroup(String taskId, String groupId) {
        String safe = safePath(groupId);
        return taskId != null && !safe.isEmpty() && taskId.startsWith(safe + "_") && taskId.contains(".");
    }

    /** {@code /prod/web/} → {@code prod_web}. */
    static String safePath(String id) {
        String path = id == null ? "" : id.replaceAll("^/+|/+$", "");
        return path.replace('/', '_');
    }
}
