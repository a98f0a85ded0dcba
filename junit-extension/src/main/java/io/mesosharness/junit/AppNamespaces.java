package io.mesosharness.junit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The app namespace of each test class on a shared cluster: its simple name(s) in kebab case
 * ({@code com.acme.WebDeployTest} gets {@code /web-deploy-test}, a nested {@code SharingTest.SameA} gets
 * {@code /sharing-test-same-a}); a second class of the same name in this JVM gets {@code -2}, and so on.
 */
final class AppNamespaces {

    private static final Map<String, String> BY_CLASS = new ConcurrentHashMap<>();
    private static final Map<String, String> CLAIMED = new ConcurrentHashMap<>();

    private AppNamespaces() {}

    static synchronized String forClass(Class<?> testClass) {
        String existing = BY_CLASS.get(testClass.getName());
        if (existing != null) {
            return existing;
        }
        String base = kebab(testClass);
        String name = base;
        for (int n = 2; CLAIMED.putIfAbsent(name, testClass.getName()) != null; n++) {
            name = base + "-" + n;
        }
        BY_CLASS.put(testClass.getName(), name);
        return name;
    }

    /** {@code SharingTest$SameA} → {@code sharing-test-same-a}; only lowercase letters, digits and single '-'. */
    static String kebab(Class<?> testClass) {
        String simple = testClass.getName().substring(testClass.getName().lastIndexOf('.') + 1);
        StringBuilder out = new StringBuilder();
        char previous = '-';
        for (int i = 0; i < simple.length(); i++) {
            char c = simple.charAt(i);
            boolean upper = Character.isUpperCase(c);
            boolean nextLower = i + 1 < simple.length() && Character.isLowerCase(simple.charAt(i + 1));
            if (upper
                    && previous != '-'
                    && (Character.isLowerCase(previous) || Character.isDigit(previous) || nextLower)) {
                out.append('-');
                previous = '-';
            }
            if (Character.isLetterOrDigit(c) && c < 128) {
                char lower = Character.toLowerCase(c);
                out.append(lower);
                previous = upper ? 'A' : lower;
            } else if (previous != '-') {
                out.append('-');
                previous = '-';
            }
        }
        String name = out.toString().replaceAll("-+", "-").replaceAll("^-|-$", "");
        return name.isEmpty() ? "test-class" : name;
    }
}
