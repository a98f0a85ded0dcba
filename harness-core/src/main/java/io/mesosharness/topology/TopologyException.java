package io.mesosharness.topology;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A topology that cannot be built as given. The message names the source (file name) and line when the
 * topology came from a file, the field path (e.g. {@code agents[1].attributes}) and the bad value, e.g.
 * {@code prod-like.yml line 7, agents[1].attributes: bad attribute 'rack=a': expected name:value}.
 */
public class TopologyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String path;
    private final String problem;

    /**
     * @param path    the field path, e.g. {@code agents[1].count}; empty for the topology as a whole
     * @param problem what is wrong, naming the bad value
     */
    public TopologyException(String path, String problem) {
        this(null, 0, path, problem, null);
    }

    /**
     * @param source  the file or resource name, or null
     * @param line    the 1-based line, or 0 when unknown
     * @param path    the field path; empty for the topology as a whole
     * @param problem what is wrong, naming the bad value
     */
    public TopologyException(String source, int line, String path, String problem) {
        this(source, line, path, problem, null);
    }

    TopologyException(String source, int line, String path, String problem, Throwable cause) {
        super(format(source, line, path, problem), cause);
        this.source = source;
        this.line = line;
        this.path = path == null ? "" : path;
        this.problem = problem;
    }

    /** The file or resource name the topology was read from, if any. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /** The 1-based line in the source, if known. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** The field path, e.g. {@code agents[1].attributes}; empty for the topology as a whole. */
    public String path() {
        return path;
    }

    /** What is wrong, without source, line and path. */
    public String problem() {
        return problem;
    }

    /** The same problem located in a source file (keeps an already known source and line). */
    TopologyException locatedAt(String source, int line) {
        return new TopologyException(
                this.source != null ? this.source : source,
                this.line > 0 ? this.line : line,
                path,
                problem,
                getCause() != null ? getCause() : this);
    }

    /** The same problem under another field path. */
    TopologyException withPath(String newPath) {
        return new TopologyException(source, line, newPath, problem, getCause() != null ? getCause() : this);
    }

    /** "source line 7, path: problem", leaving out what is unknown. */
    private static String format(String source, int line, String path, String problem) {
        String file = Stream.of(source, line > 0 ? "line " + line : null)
                .filter(Objects::nonNull)
                .collect(Collectors.joining(" "));
        String where =
                Stream.of(file, path).filter(w -> w != null && !w.isEmpty()).collect(Collectors.joining(", "));
        return where.isEmpty() ? problem : where + ": " + problem;
    }
}
