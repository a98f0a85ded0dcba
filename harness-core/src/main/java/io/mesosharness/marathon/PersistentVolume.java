package io.mesosharness.marathon;

/** A local persistent volume of an app: {@code containerPath} relative to the sandbox, size in MiB, type (root/path/mount). */
public record PersistentVolume(String containerPath, int sizeMiB, String type) {}
