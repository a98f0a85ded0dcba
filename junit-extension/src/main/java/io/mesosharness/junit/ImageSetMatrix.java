package io.mesosharness.junit;

import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.ImageSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The class-template provider behind {@link MesosImageSets} (registered by the annotation): one invocation per image
 * set, displayed as the set's name. Each invocation records its set ({@link ImageSetChoice}) and, before its tests,
 * runs the {@link MesosClusterExtension}'s class setup for itself (cluster for that set, static field injection);
 * the template's own class setup is skipped by the extension.
 */
final class ImageSetMatrix implements ClassTemplateInvocationContextProvider {

    @Override
    public boolean supportsClassTemplate(ExtensionContext context) {
        return AnnotationSupport.isAnnotated(context.getTestClass(), MesosImageSets.class);
    }

    @Override
    public Stream<? extends ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(
            ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        MesosImageSets annotation = AnnotationSupport.findAnnotation(testClass, MesosImageSets.class)
                .orElseThrow();
        String where = "@MesosImageSets on " + testClass.getName();
        HarnessConfiguration config = MesosClusterExtension.configuration(context);
        List<String> names =
                annotation.value().length > 0 ? List.of(annotation.value()) : ImageSet.configuredNames(config);
        if (names.isEmpty()) {
            throw new ExtensionConfigurationException(where + ": no image sets named; give them in the annotation, "
                    + "e.g. @MesosImageSets({\"current\", \"next\"}), or in " + ImageSet.SETS_PROPERTY
                    + " (comma-separated)");
        }
        Set<String> seen = new LinkedHashSet<>();
        List<ImageSet> sets = new ArrayList<>();
        for (String name : names) {
            if (!seen.add(name.trim())) {
                throw new ExtensionConfigurationException(where + ": image set '" + name + "' is named twice");
            }
            try {
                sets.add(ImageSet.named(config, name));
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(where + ": " + e.getMessage(), e);
            }
        }
        return sets.stream().map(Invocation::new);
    }

    /** One image set's run of the class. */
    private record Invocation(ImageSet set) implements ClassTemplateInvocationContext {

        @Override
        public String getDisplayName(int invocationIndex) {
            return set.name();
        }

        @Override
        public void prepareInvocation(ExtensionContext context) {
            ImageSetChoice.choose(context, set);
        }

        /**
         * Class setup for this set's run, and instance field injection before each test: JUnit post-processes test
         * instances with the class template's context (outside any invocation), where the set is not known.
         */
        @Override
        public List<Extension> getAdditionalExtensions() {
            MesosClusterExtension extension = new MesosClusterExtension();
            BeforeClassTemplateInvocationCallback setup = extension::beforeAll;
            BeforeEachCallback fields =
                    context -> extension.postProcessTestInstance(context.getRequiredTestInstance(), context);
            return List.of(setup, fields);
        }
    }
}
