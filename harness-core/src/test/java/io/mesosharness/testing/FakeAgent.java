package io.mesosharness.testing;

import io.mesosharness.cluster.AgentHandle;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** An agent that starts nothing: stop, start and the like do nothing; {@code exec} is recorded and answered by a function. */
public final class FakeAgent implements AgentHandle {

    /** A file map the exec function may read and write. */
    public final Map<String, String> files = new ConcurrentHashMap<>();

    public final List<List<String>> commands = new CopyOnWriteArrayList<>();
    private final String name;
    private final Optional<String> agentId;
    private final Function<List<String>, String> exec;

    /** An agent without Mesos agent id whose exec answers "". */
    public FakeAgent(String name) {
        this(name, null, command -> "");
    }

    public FakeAgent(String name, String agentId, Function<List<String>, String> exec) {
        this.name = name;
        this.agentId = Optional.ofNullable(agentId);
        this.exec = exec;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, String> attributes() {
        return Map.of();
    }

    @Override
    public Optional<String> agentId() {
        return agentId;
    }

    @Override
    public void stop() {}

    @Override
    public void start() {}

    @Override
    public void pause() {}

    @Override
    public void unpause() {}

    @Override
    public void disconnect() {}

    @Override
    public void reconnect() {}

    @Override
    public String exec(String... command) {
        commands.add(List.of(command));
        return exec.apply(List.of(command));
    }
}
