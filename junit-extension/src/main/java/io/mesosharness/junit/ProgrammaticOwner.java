package io.mesosharness.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The test class a {@code @RegisterExtension static MesosClusterExtension} field belongs to: the class (or, for a
 * {@code @Nested} class, the enclosing class) whose static field holds the extension instance.
 */
final class ProgrammaticOwner {

    private ProgrammaticOwner() {}

    static Class<?> of(MesosClusterExtension extension, Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = isInner(c) ? c.getEnclosingClass() : null) {
            for (Field field : ReflectionSupport.findFields(
                    c,
                    f -> Modifier.isStatic(f.getModifiers())
                            && MesosClusterExtension.class.isAssignableFrom(f.getType()),
                    HierarchyTraversalMode.TOP_DOWN)) {
                try {
                    field.setAccessible(true);
                    if (field.get(null) == extension) {
                        return c;
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // not readable: not ours to judge
                }
            }
        }
        return testClass;
    }

    private static boolean isInner(Class<?> c) {
        return c.getEnclosingClass() != null && !Modifier.isStatic(c.getModifiers());
    }
}
