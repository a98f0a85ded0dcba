package io.mesosharness.topology;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * A topology that cannot be built as given. The message names the source file and line when known, the field path
 * (e.g. {@code agents[1].attributes}) and the bad value: {@code prod-like.yml line 7, agents[1].attributes: ...}.
 */
public class TopologyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String path;
    private final String problem;

    /** A problem of the field {@code path} (e.g. {@code agents[1].count}; empty for the whole topology). */
    public TopologyException(String path, String problem) {
        this(null, 0, path, problem, null);
    }

    /** A problem located in a file or resource ({@code source} may be null, {@code line} 0 when unknown). */
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

    /** Throws a {@link TopologyException} of {@code path} unless {@code ok}. */
    static void require(boolean ok, String path, String problem) {
        if (!ok) {
            throw new TopologyException(path, problem);
        }
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

    /** The same problem under {@code newPath} (null keeps it), located at source and line unless already located. */
    TopologyException at(String newPath, String source, int line) {
        return new TopologyException(
                this.source != null ? this.source : source,
                this.line > 0 ? this.line : line,
                newPath == null ? path : newPath,
                problem,
                getCause() != null ? getCause() : this);
    }

    private static String format(String source, int line, String path, String problem) {
        String file = (Objects.toString(source, "") + (line > 0 ? " line " + line : "")).strip();
        String where = String.join(
                ", ",
                Stream.of(file, path).filter(w -> w != null && !w.isEmpty()).toList());
        return where.isEmpty() ? problem : where + ": " + problem;
    }
}
