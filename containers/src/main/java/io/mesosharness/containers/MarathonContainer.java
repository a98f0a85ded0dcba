package io.mesosharness.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * Marathon ({@code MARATHON_*} variables, which Marathon would read as flags, are rejected). Defaults: role and
 * principal {@code marathon}, {@code --min_revive_offers_interval=500} (the 30 s default makes new apps wait ~20 s for
 * offers), {@code JAVA_OPTS=}{@value #DEFAULT_JAVA_OPTS} (a short-lived JVM on few cores starts faster so). The
 * entrypoint runs under {@code marathon-launcher.sh}, which sets the libprocess addresses the master calls back and
 * handles the class-data archive. Restart policy {@code on-failure}: Marathon exits by design when the Mesos leader
 * changes (103) or it loses ZooKeeper (101), and comes back in ~5 s with the same framework id and port.
 * Ready: {@code /v2/leader} 200, {@code /ping} {@code pong}, a framework id in {@code /v2/info}.
 */
public class MarathonContainer extends MesosComponentContainer<MarathonContainer> {

    /** Images must be {@code mesosphere/marathon} or declared a compatible substitute for it. */
    public static final DockerImageName DEFAULT_IMAGE_NAME = DockerImageName.parse("mesosphere/marathon");

    public static final int PORT = 8080;
    public static final String DEFAULT_ROLE = "marathon";
    public static final String DEFAULT_PRINCIPAL = "marathon";
    public static final Duration DEFAULT_MIN_REVIVE_OFFERS_INTERVAL = Duration.ofMillis(500);
    public static final String DEFAULT_JAVA_OPTS = "-Xms64m -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(120);

    /** Sets the libprocess addresses and the class-data archive, then runs the real entrypoint. */
    static final String LAUNCHER_SCRIPT = resource("marathon-launcher.sh");

    private static final Pattern ROLE = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9_.\\-/]*");
    private static final Logger LOG = LoggerFactory.getLogger(MarathonContainer.class);

    /** The flags this container sets itself, name to the setter that owns it: {@link #withFlag} refuses them. */
    public static final Map<String, String> OWNED_FLAGS = Map.of(
            "master", "withMaster(String)",
            "zk", "withZooKeeper(String)",
            "hostname", "withHostname(String)",
            "http_port", "the container (port 8080 is published)",
            "mesos_role", "withRole(String)",
            "mesos_authentication_principal", "withPrincipal(String)",
            "min_revive_offers_interval", "withMinReviveOffersInterval(Duration)",
            "enable_features", "withFeatures(String...)");

    private boolean classDataArchive;
    private volatile String classDataArchiveStatus;

    public MarathonContainer(DockerImageName dockerImageName) {
        super(
                dockerImageName,
                DEFAULT_IMAGE_NAME,
                "marathon",
                PORT,
                Setting.MARATHON_ENTRYPOINT,
                FlagStyle.MARATHON,
                OWNED_FLAGS);
        withEnv("JAVA_OPTS", DEFAULT_JAVA_OPTS);
        withCreateContainerCmdModifier(cmd -> {
            var image = getDockerClient().inspectImageCmd(getDockerImageName()).exec();
            cmd.withEntrypoint(launcherEntrypoint(
                    entrypoint(getExecutable(), image.getConfig().getEntrypoint(), getDockerImageName())));
            cmd.getHostConfig().withRestartPolicy(RestartPolicy.onFailureRestart(0));
            if (classDataArchive) {
                String volume =
                        ClassDataArchive.volumeName(image.getId(), getEnvMap().getOrDefault("JAVA_OPTS", ""));
                try {
                    ClassDataArchive.ensureVolume(
                            getDockerClient(),
                            volume,
                            getDockerImageName(),
                            image.getConfig().getUser());
                    List<Bind> binds = new ArrayList<>(Arrays.asList(
                            Optional.ofNullable(cmd.getHostConfig().getBinds()).orElse(new Bind[0])));
                    binds.add(new Bind(volume, new Volume(ClassDataArchive.MOUNT)));
                    cmd.getHostConfig().withBinds(binds);
                } catch (RuntimeException e) {
                    // a cache, not a requirement: without the volume the launcher says "not used" and starts Marathon
                    LOG.warn(
                            "mesos-harness: Marathon {} starts without its class-data archive: volume {}: {}",
                            hostname,
                            volume,
                            e.getMessage());
                }
            }
        });
        logs.withLineListener(line -> ClassDataArchive.launcherSays(line).ifPresent(s -> classDataArchiveStatus = s));
        flag("http_port", String.valueOf(PORT));
        flag("mesos_role", DEFAULT_ROLE);
        flag("mesos_authentication_principal", DEFAULT_PRINCIPAL);
        flag("min_revive_offers_interval", String.valueOf(DEFAULT_MIN_REVIVE_OFFERS_INTERVAL.toMillis()));
        waitingFor(new PollingWaitStrategy(
                "Marathon leader and framework registration",
                DEFAULT_STARTUP_TIMEOUT,
                () -> readinessProblem(getMarathonUrl())));
    }

    /** The Mesos master: {@code zk://zk:2181/mesos}, {@code host:5050} or {@code http://host:5050}. */
    public MarathonContainer withMaster(String master) {
        return flag("master", master);
    }

    /** Marathon's state in ZooKeeper, e.g. {@code zk://zk:2181/marathon-<cluster>}: one path per cluster. */
    public MarathonContainer withZooKeeper(String zkUrl) {
        return flag("zk", zkUrl);
    }

    /** {@code --mesos_role}; must not be {@code *} when apps use local persistent volumes. */
    public MarathonContainer withRole(String role) {
        return flag("mesos_role", role);
    }

    /** Whether Mesos takes {@code role} as a role: {@code *}, or letters, digits and _ . - / not starting with - or /. */
    public static boolean isRole(String role) {
        return "*".equals(role) || role != null && ROLE.matcher(role).matches() && !role.matches("\\.\\.?");
    }

    /** Whether {@code principal} can be a principal: not empty, no white space. */
    public static boolean isPrincipal(String principal) {
        return principal != null && !principal.isEmpty() && principal.chars().noneMatch(Character::isWhitespace);
    }

    /** {@code --mesos_authentication_principal}; fixed from Marathon's first registration on. */
    public MarathonContainer withPrincipal(String principal) {
        return flag("mesos_authentication_principal", principal);
    }

    /** {@code --enable_features}, e.g. {@code task_killing}, {@code external_volumes}. */
    public MarathonContainer withFeatures(String... features) {
        LinkedHashSet<String> names = new LinkedHashSet<>(Arrays.asList(features));
        return flag("enable_features", names.isEmpty() ? null : String.join(",", names));
    }

    public MarathonContainer withMinReviveOffersInterval(Duration interval) {
        return flag("min_revive_offers_interval", String.valueOf(interval.toMillis()));
    }

    /** Gives Marathon's JVM a class-data archive (Java 13+ images; off by default): see {@link ClassDataArchive}. */
    public MarathonContainer withClassDataArchive(boolean enabled) {
        classDataArchive = enabled;
        if (enabled) {
            withEnv(ClassDataArchive.DIR_VARIABLE, ClassDataArchive.MOUNT);
        } else {
            getEnvMap().remove(ClassDataArchive.DIR_VARIABLE);
        }
        return self();
    }

    /**
     * What the launcher last said about the class-data archive: {@code using <file>}, {@code writing <file> when
     * Marathon exits}, {@code written} or {@code not used (<why>)}; empty before the start or when off.
     */
    public Optional<String> getClassDataArchiveStatus() {
        return Optional.ofNullable(classDataArchiveStatus);
    }

    /** Whether this Marathon's JVM is to write the class-data archive when it exits (so it must not be killed). */
    public boolean isWritingClassDataArchive() {
        return getClassDataArchiveStatus().filter(s -> s.startsWith("writing")).isPresent();
    }

    /**
     * Overrides the entrypoint (default: {@link Setting#MARATHON_ENTRYPOINT}, else the image's own): one string is
     * split on spaces, several are taken as they are.
     */
    public MarathonContainer withEntrypoint(String... command) {
        return withExecutable(command);
    }

    /** For the test JVM: {@code http://<docker host>:<published 8080>} (see {@link #getHost()}). */
    public String getMarathonUrl() {
        return hostUrl(PORT);
    }

    @Override
    protected String describe() {
        return "Marathon " + hostname;
    }

    /** Kills and removes Marathon; one that is to write the class-data archive gets SIGTERM and time to write it. */
    @Override
    public void stop() {
        if (getContainerId() != null && isWritingClassDataArchive()) {
            try {
                getDockerClient()
                        .stopContainerCmd(getContainerId())
                        .withTimeout(ClassDataArchive.STOP_TIMEOUT_SECONDS)
                        .exec();
            } catch (RuntimeException e) {
                // stopped or gone already: removed below
            }
        }
        super.stop();
    }

    @Override
    protected void configure() {
        if (!flags.containsKey("master")) {
            throw new IllegalArgumentException(
                    "Marathon " + hostname + " has no master: call withMaster(\"zk://zk:2181/mesos\")");
        }
        if (!flags.containsKey("zk")) {
            throw new IllegalArgumentException("Marathon " + hostname + " has no state store: call withZooKeeper("
                    + "\"zk://zk:2181/marathon-<cluster>\") with a path of its own per cluster");
        }
        checkEnvironment(getEnvMap());
        super.configure();
    }

    /** Rejects {@code MARATHON_*} variables (except {@code MARATHON_APP_*}): Marathon would read them as flags. */
    static void checkEnvironment(Map<String, String> env) {
        for (String name : env.keySet()) {
            if (name.startsWith("MARATHON_") && !name.startsWith("MARATHON_APP_")) {
                throw new IllegalArgumentException("Environment variable " + name + " would become Marathon flag --"
                        + name.substring("MARATHON_".length()).toLowerCase(Locale.ROOT)
                        + " (and an unknown one stops Marathon); set flags with withFlag(name, value) instead");
            }
        }
    }

    /** The configured entrypoint, else the image's own ({@code imageEntrypoint}); fails when neither is there. */
    static List<String> entrypoint(List<String> configured, String[] imageEntrypoint, String image) {
        if (!configured.isEmpty()) {
            return configured;
        } else if (imageEntrypoint == null || imageEntrypoint.length == 0) {
            throw new IllegalStateException("Image " + image + " has no entrypoint; set "
                    + Setting.MARATHON_ENTRYPOINT.howToSet() + " (e.g. /marathon/bin/marathon)");
        }
        return List.of(imageEntrypoint);
    }

    /** {@code /bin/sh -c <launcher script> marathon <entrypoint...>}; Docker appends the flags. */
    static List<String> launcherEntrypoint(List<String> entrypoint) {
        List<String> out = new ArrayList<>(List.of("/bin/sh", "-c", LAUNCHER_SCRIPT, "marathon"));
        out.addAll(entrypoint);
        return out;
    }

    /** Empty when /v2/leader, /ping and /v2/info at {@code url} show a registered leader. */
    static Optional<String> readinessProblem(String url) throws IOException, InterruptedException {
        HttpResponse<String> leader = get(url + "/v2/leader");
        if (leader.statusCode() != 200) {
            return Optional.of("/v2/leader answered " + leader.statusCode() + " " + abbreviate(leader.body(), 120));
        }
        HttpResponse<String> ping = get(url + "/ping");
        if (ping.statusCode() != 200 || !ping.body().trim().equals("pong")) {
            return Optional.of("/ping answered " + ping.statusCode() + " '" + abbreviate(ping.body(), 60) + "'");
        }
        HttpResponse<String> info = get(url + "/v2/info");
        return info.statusCode() != 200
                ? Optional.of("/v2/info answered " + info.statusCode())
                : frameworkProblem(JSON.readTree(info.body()));
    }

    /** Empty when a /v2/info body shows a framework id. */
    static Optional<String> frameworkProblem(JsonNode info) {
        String id = info.path("frameworkId").asText("");
        return id.isEmpty() || id.equals("null")
                ? Optional.of("/v2/info has no frameworkId yet (Marathon not registered with the master)")
                : Optional.empty();
    }
}
