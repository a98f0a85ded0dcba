package io.mesosharness.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Helpers shared by the containers: published ports, hostnames, HTTP probes. */
final class ContainerSupport {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private ContainerSupport() {}

    /**
     * The host interface published ports are bound to: {@code 127.0.0.1} when the tests reach the engine (Testcontainers'
     * {@code getHost()}) on a loopback address, so the engine is local and nothing else can reach the cluster; all
     * interfaces ({@code 0.0.0.0}) otherwise, since a remote engine's or another container's loopback is not the
     * tests' loopback.
     */
    static String bindAddress(String dockerHost) {
        try {
            boolean loopback = dockerHost != null
                    && !dockerHost.isBlank()
                    && InetAddress.getByName(dockerHost.replaceAll("^\\[|]$", ""))
                            .isLoopbackAddress();
            return loopback ? "127.0.0.1" : "0.0.0.0";
        } catch (UnknownHostException e) {
            return "0.0.0.0";
        }
    }

    /** {@code host} as the host part of a URL or connect string (IPv6 literals in brackets). */
    static String urlHost(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /**
     * A port free on this machine's {@code bindAddress} right now. For a local engine that is a port Docker can bind
     * (unless someone takes it first); for a remote one it is a random candidate that the retry corrects if taken.
     */
    static int freePort(String bindAddress) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(bindAddress))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + bindAddress, e);
        }
    }

    /**
     * Whether a start failed because a host port was taken between choosing and binding it: Docker answers "port is
     * already allocated" (another container has it) or "address already in use" (another process).
     */
    static boolean isPortConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("port is already allocated") || message.contains("address already in use")) {
                return true;
            }
        }
        return false;
    }

    static String generatedHostname(String kind) {
        return kind + "-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    }

    static Duration checkDuration(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("Bad " + what + " '" + d + "': must be positive");
        }
        return d;
    }

    /** A duration in Mesos syntax: whole seconds as {@code 1secs}, otherwise milliseconds {@code 500ms}. */
    static String mesosDuration(Duration d) {
        if (d.toNanos() % 1_000_000_000L == 0) {
            return d.getSeconds() + "secs";
        }
        if (d.toNanos() % 1_000_000L == 0) {
            return d.toMillis() + "ms";
        }
        return d.toNanos() + "ns";
    }

    static void checkUrl(String url, String what, boolean zkAllowed) {
        if (url == null || url.isBlank() || url.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("Bad " + what + " '" + url + "': expected "
                    + (zkAllowed ? "zk://host:2181/path or host:port" : "a URL") + " without spaces");
        }
        if (url.startsWith("zk://")) {
            if (!zkAllowed) {
                throw new IllegalArgumentException(
                        "Bad " + what + " '" + url + "': a ZooKeeper URL is not allowed here");
            }
            String rest = url.substring(5);
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                throw new IllegalArgumentException("Bad " + what + " '" + url
                        + "': expected zk://host:port[,host:port]/path with a non-empty path");
            }
        }
    }

    static void checkZkUrl(String url, String what) {
        if (url == null || !url.startsWith("zk://")) {
            throw new IllegalArgumentException("Bad " + what + " '" + url + "': expected zk://host:2181/path");
        }
        checkUrl(url, what, true);
    }

    /** Status and body of a GET, with short timeouts and no redirects followed. */
    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The last {@code count} lines of a container's output, for a failure message. */
    static String lastLines(String logs, int count) {
        List<String> lines = List.of(String.valueOf(logs).split("\\r?\\n"));
        List<String> tail = lines.subList(Math.max(0, lines.size() - count), lines.size());
        return tail.isEmpty() || (tail.size() == 1 && tail.get(0).isBlank())
                ? ". The container wrote no output."
                : ". Last output of the container:\n  " + String.join("\n  ", tail);
    }

    static String abbreviate(String s, int max) {
        String flat = String.valueOf(s).replaceAll("\\s+", " ").trim();
        return flat.length() > max ? flat.substring(0, max) + "…" : flat;
    }

    /** A command line: one string is split on spaces, several are taken as they are; empty is an error. */
    static List<String> command(String... command) {
        List<String> parts = command == null || command.length == 1 && command[0] == null
                ? List.of()
                : command.length != 1
                        ? List.of(command)
                        : Arrays.stream(command[0].trim().split("\\s+"))
                                .filter(s -> !s.isEmpty())
                                .toList();
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("Bad executable '"
                    + (command == null ? null : String.join(" ", Arrays.asList(command))) + "': empty");
        }
        return parts;
    }

    /** A text resource next to this class, e.g. the Marathon launcher script. */
    static String resource(String name) {
        try (var in = ContainerSupport.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("cannot read " + name + " from the mesos-harness-containers jar", e);
        }
    }
}
