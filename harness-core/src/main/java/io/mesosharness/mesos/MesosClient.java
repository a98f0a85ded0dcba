package io.mesosharness.mesos;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesosharness.http.HttpSupport;
import io.mesosharness.http.HttpSupport.Exchange;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Client for the Mesos master's HTTP endpoints and the agents' {@code /files} and {@code /state} endpoints. Master
 * calls go to the URL the supplier gives at the time of the call. Agents are reached through an agent resolver
 * (agent id to base URL) because agents inside Docker are usually reached through mapped ports; by default the
 * address comes from the agent's pid ({@code slave(1)@ip:port}) in {@code /master/slaves}.
 */
public final class MesosClient implements AutoCloseable {

    /** Bytes per {@code /files/read} request. */
    static final int READ_CHUNK = 64 * 1024;
    /** Upper bound of what {@link #readFile} reads. */
    static final long READ_LIMIT = 64L * 1024 * 1024;

    private static final String PV_HINT = "a persistent volume is a symlink outside the sandbox; /files/read refuses "
            + "to follow it (400) – read the task's stdout or read from inside the agent container";

    private final Supplier<URI> masterUrl;
    private final Function<String, URI> agentResolver;

    /** A client for the master at the URL the supplier gives; agents are reached at the address in their pid. */
    public MesosClient(Supplier<URI> masterUrl) {
        this(masterUrl, null);
    }

    /**
     * A client for the master at the URL the supplier gives; {@code agentResolver} maps an agent id to the base URL at
     * which this JVM reaches that agent (null: the address in the agent's pid).
     */
    public MesosClient(Supplier<URI> masterUrl, Function<String, URI> agentResolver) {
        this.masterUrl = Objects.requireNonNull(masterUrl, "masterUrl");
        this.agentResolver = agentResolver != null ? agentResolver : this::agentUrlFromMaster;
    }

    /** A client for the master at a fixed URL such as {@code http://localhost:5050}. */
    public MesosClient(String masterUrl) {
        this(HttpSupport.fixedBaseUrl(masterUrl, "Mesos master"));
    }

    /** {@code GET /master/state}. */
    public MasterState state() {
        return get(master("/master/state")).read(null, MasterState.class, MesosException::unreadable);
    }

    /** {@code GET /master/slaves}: agents with attributes, resources, used/reserved resources and reservations. */
    public List<Agent> agents() {
        return get(master("/master/slaves")).readList("slaves", Agent.class, MesosException::unreadable);
    }

    /** The agent with this id, if the master knows it. */
    public Optional<Agent> agent(String agentId) {
        requireText("agentId", agentId);
        return agents().stream().filter(a -> agentId.equals(a.id())).findFirst();
    }

    /** {@code GET /master/frameworks}: registered frameworks with their tasks. */
    public List<Framework> frameworks() {
        return get(master("/master/frameworks")).readList("frameworks", Framework.class, MesosException::unreadable);
    }

    /** {@code GET /master/tasks} (up to 10000 tasks): each task with its agent and status history. */
    public List<MesosTask> tasks() {
        return get(master("/master/tasks", "limit", "10000"))
                .readList("tasks", MesosTask.class, MesosException::unreadable);
    }

    /**
     * {@code GET /master/redirect}: the leading master's URL from the 307 {@code Location} (e.g.
     * {@code //cf-m1:5050} becomes {@code http://cf-m1:5050}); empty if no leader is known.
     */
    public Optional<URI> redirectLeader() {
        return askRedirect(master("/master/redirect"), null);
    }

    /**
     * {@link #redirectLeader()} asked of the master at {@code masterUrl} (not the one the supplier gives), within
     * {@code timeout} for the whole call; e.g. to ask each master of a cluster which one leads.
     */
    public Optional<URI> redirectLeader(URI masterUrl, Duration timeout) {
        return askRedirect(HttpSupport.url(masterUrl, "/master/redirect"), timeout);
    }

    private static Optional<URI> askRedirect(URI url, Duration timeout) {
        Exchange response = execute(url, timeout, false);
        String location = response.header("Location");
        if (response.status() >= 300 && response.status() < 400 && location != null) {
            String absolute = location.startsWith("//") ? url.getScheme() + ":" + location : location;
            return Optional.of(URI.create(absolute));
        }
        if (response.status() == 503) {
            return Optional.empty();
        }
        throw MesosException.answered(response, "expected a 307 redirect");
    }

    /** {@code GET /health} on the master: true for 200, false for any other answer or no answer. */
    public boolean health() {
        try {
            return execute(master("/health"), null, true).status() == 200;
        } catch (RuntimeException e) { // no answer (MesosException) or no master URL
            return false;
        }
    }

    /** {@code GET /version} of the master. */
    public MesosVersion version() {
        return get(master("/version")).read(null, MesosVersion.class, MesosException::unreadable);
    }

    /** The base URL at which this client reaches the agent. */
    public URI agentUrl(String agentId) {
        requireText("agentId", agentId);
        URI uri = agentResolver.apply(agentId);
        if (uri == null) {
            throw new MesosException("No URL for agent " + agentId + " (the agent resolver returned null)");
        }
        return uri;
    }

    /** {@code GET /state} of an agent, as a Jackson tree. */
    public JsonNode agentState(String agentId) {
        return get(HttpSupport.url(agentUrl(agentId), "/state")).read(null, JsonNode.class, MesosException::unreadable);
    }

    /** {@code GET /files/browse?path=...} on an agent: the entries of a sandbox directory. */
    public List<FileInfo> browse(String agentId, String path) {
        requireText("path", path);
        URI url = HttpSupport.url(agentUrl(agentId), "/files/browse", "path", path);
        return files(agentId, "browse", path, url).readList(null, FileInfo.class, MesosException::unreadable);
    }

    /**
     * Reads a whole file through the agent's {@code /files/read}, page by page. Fails with an explanation on 400/404 —
     * in particular a file inside a persistent volume cannot be read this way.
     */
    public String readFile(String agentId, String path) {
        requireText("path", path);
        StringBuilder content = new StringBuilder();
        long offset = 0;
        while (offset < READ_LIMIT) {
            String[] query = {"path", path, "offset", Long.toString(offset), "length", Integer.toString(READ_CHUNK)};
            Exchange exchange = files(agentId, "read", path, HttpSupport.url(agentUrl(agentId), "/files/read", query));
            JsonNode body = exchange.json(MesosException::unreadable);
            String data = body == null ? "" : body.path("data").asText("");
            if (data.isEmpty()) {
                break;
            }
            content.append(data);
            long start = body.path("offset").asLong(offset);
            offset = start + data.getBytes(StandardCharsets.UTF_8).length;
        }
        return content.toString();
    }

    /**
     * The sandbox directory (on the agent) of an executor, from the agent's {@code /state}. {@code executorOrContainerId}
     * is an executor id (for Marathon command tasks: the task id) or a container id.
     */
    public String sandboxPath(String agentId, String frameworkId, String executorOrContainerId) {
        requireText("frameworkId", frameworkId);
        requireText("executorOrContainerId", executorOrContainerId);
        JsonNode state = agentState(agentId);
        List<String> seen = new ArrayList<>();
        for (String frameworksField : List.of("frameworks", "completed_frameworks")) {
            for (JsonNode framework : state.path(frameworksField)) {
                if (!frameworkId.equals(framework.path("id").asText())) {
                    continue;
                }
                for (String executorsField : List.of("executors", "completed_executors")) {
                    for (JsonNode executor : framework.path(executorsField)) {
                        String id = executor.path("id").asText();
                        String container = executor.path("container").asText();
                        seen.add(id);
                        if (executorOrContainerId.equals(id) || executorOrContainerId.equals(container)) {
                            return executor.path("directory").asText();
                        }
                    }
                }
            }
        }
        throw new MesosException("Agent " + agentId + " has no executor or container '" + executorOrContainerId
                + "' of framework " + frameworkId + " (executors there: " + (seen.isEmpty() ? "none" : seen) + ")");
    }

    /** Nothing to release: the HTTP client is the library's shared one. */
    @Override
    public void close() {}

    private URI agentUrlFromMaster(String agentId) {
        Agent agent = agent(agentId)
                .orElseThrow(() ->
                        new MesosException("The master does not know agent " + agentId + " (not in /master/slaves)"));
        return URI.create("http://" + agent.address());
    }

    private URI master(String path, String... query) {
        return HttpSupport.url(Objects.requireNonNull(masterUrl.get(), "Mesos master URL"), path, query);
    }

    private Exchange files(String agentId, String operation, String path, URI url) {
        Exchange exchange = execute(url, null, true);
        if (exchange.status() == 200) {
            return exchange;
        }
        String what = "Agent " + agentId + " refused /files/" + operation + " of '" + path + "' (" + exchange.status()
                + (exchange.body().isBlank() ? "" : " " + HttpSupport.abbreviate(exchange.body(), 200)) + ")";
        String hint = switch (exchange.status()) {
            case 400 -> ": the path is outside what the agent serves. If it is inside a persistent volume: " + PV_HINT;
            case 404 ->
                ": no such file or directory in a sandbox the agent serves (is the path absolute, e.g. the "
                        + "executor's directory from sandboxPath(), and did the task already write it?)";
            case 401, 403 -> ": the agent requires authentication for /files";
            default -> "";
        };
        throw new MesosException(what + hint, exchange.status(), null);
    }

    /** {@code GET}, following redirects; anything but 2xx is a {@link MesosException}. */
    private static Exchange get(URI url) {
        Exchange exchange = execute(url, null, true);
        if (!exchange.ok()) {
            throw MesosException.answered(exchange, null);
        }
        return exchange;
    }

    private static Exchange execute(URI url, Duration timeout, boolean followRedirects) {
        try {
            return HttpSupport.send("GET", url, null, "application/json", timeout, followRedirects);
        } catch (IOException e) {
            throw MesosException.noAnswer(url.toString(), e);
        }
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty, got '" + value + "'");
        }
    }
}
