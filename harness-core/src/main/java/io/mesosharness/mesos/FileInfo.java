package io.mesosharness.mesos;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** One entry of an agent's {@code /files/browse}. */
public record FileInfo(String path, long size, String mode, double mtime, String uid, String gid, int nlink) {

    /** True for directories ({@code mode} starting with 'd'). */
    @JsonIgnore
    public boolean isDirectory() {
        return mode != null && mode.startsWith("d");
    }

    /** The last path segment. */
    public String name() {
        return path == null ? null : path.substring(path.lastIndexOf('/') + 1);
    }
}
