package io.mesosharness.containers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.testcontainers.DockerClientFactory;

/**
 * A container's label map that refuses Testcontainers' session label. Testcontainers adds that label after every
 * create-command modifier has run, and both its JVM shutdown hook (Ryuk disabled) and Ryuk remove what carries it
 * when the JVM ends; without it a container outlives the JVM, and its owner has to remove it.
 */
final class SessionLabelFilter extends LinkedHashMap<String, String> {

    static final String SESSION_LABEL = DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL;

    SessionLabelFilter(Map<String, String> labels) {
        if (labels != null) {
            putAll(labels);
        }
    }

    @Override
    public String put(String key, String value) {
        return SESSION_LABEL.equals(key) ? null : super.put(key, value);
    }

    @Override
    public void putAll(Map<? extends String, ? extends String> labels) {
        labels.forEach(this::put);
    }

    @Override
    public String putIfAbsent(String key, String value) {
        return SESSION_LABEL.equals(key) ? null : super.putIfAbsent(key, value);
    }
}
