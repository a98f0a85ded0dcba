package io.mesosharness.containers;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Polls a readiness probe every 100 ms until it reports ready, the startup timeout passes, or the container exits.
 * The failure message says what was waited for, the probe's last answer, and the container's last output lines.
 */
final class PollingWaitStrategy extends AbstractWaitStrategy {

    private static final long STATE_CHECK_NANOS = Duration.ofMillis(500).toNanos();

    private final String what;
    private final Callable<Optional<String>> probe;

    /** {@code probe}: empty when ready, otherwise what is missing; may throw (counts as not ready). */
    PollingWaitStrategy(String what, Duration startupTimeout, Callable<Optional<String>> probe) {
        this.what = what;
        this.probe = probe;
        withStartupTimeout(startupTimeout);
    }

    @Override
    protected void waitUntilReady() {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        long nextStateCheck = System.nanoTime() + STATE_CHECK_NANOS;
        String last = "no answer yet";
        try {
            while (true) {
                try {
                    Optional<String> problem = probe.call();
                    if (problem.isEmpty()) {
                        return;
                    }
                    last = problem.get();
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                }
                long now = System.nanoTime();
                if (now >= nextStateCheck) {
                    nextStateCheck = now + STATE_CHECK_NANOS;
                    checkStillRunning(last);
                }
                if (now >= deadline) {
                    throw new ContainerLaunchException(what + " was not ready within " + startupTimeout.toMillis()
                            + " ms; last check: " + last + lastOutput());
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerLaunchException("Interrupted while waiting for " + what);
        }
    }

    private void checkStillRunning(String last) {
        InspectContainerResponse info;
        try {
            info = waitStrategyTarget.getCurrentContainerInfo();
        } catch (RuntimeException e) {
            return; // Docker did not answer this time; the probe keeps going until the timeout.
        }
        InspectContainerResponse.ContainerState state = info.getState();
        Integer restarts = info.getRestartCount();
        boolean running = Boolean.TRUE.equals(state.getRunning());
        if (restarts != null && restarts > 0) {
            // a restart policy (Marathon's) would otherwise hide a crash loop until the timeout; while the restarted
            // process runs, Docker reports exit code 0: only a stopped container's code is real
            throw new ContainerLaunchException(what + ": the process exited"
                    + (running ? "" : " (last exit code " + state.getExitCodeLong() + ")")
                    + " and Docker restarted it " + restarts + (restarts == 1 ? " time" : " times")
                    + " before it was ready; last check: " + last + lastOutput());
        }
        if (!running && !Boolean.TRUE.equals(state.getRestarting())) {
            throw new ContainerLaunchException(what + ": the container exited (exit code " + state.getExitCodeLong()
                    + ") before it was ready; last check: " + last
                    + lastOutput());
        }
    }

    private String lastOutput() {
        try {
            return ComponentContainer.lastLines(waitStrategyTarget.getLogs(), 25);
        } catch (RuntimeException e) {
            return "";
        }
    }
}
