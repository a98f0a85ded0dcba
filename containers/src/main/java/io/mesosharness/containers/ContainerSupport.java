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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Helpers shared by the containers: published ports, hostnames, HTTP probes. */
final class ContainerSupport {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private ContainerSupport() {}

    /**
     * Where published ports are bound: {@code 127.0.0.1} when the tests reach the engine ({@code getHost()}) on
     * loopback, so nothing else can reach the cluster; all interfaces otherwise (a remote engine's loopback is not ours).
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

    /** A port free on this machine's {@code bindAddress} now; for a remote engine a candidate the retry corrects. */
    static int freePort(String bindAddress) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(bindAddress))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + bindAddress, e);
        }
    }

    /** Whether a start failed because a host port was taken between choosing and binding it. */
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
        return kind + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Status and body of a GET, with short timeouts and no redirects followed. */
    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(2))
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
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("cannot read " + name + " from the mesos-harness-containers jar", e);
        }
    }
}
