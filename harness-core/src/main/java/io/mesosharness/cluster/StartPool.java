package io.mesosharness.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The daemon thread pools a local cluster starts and stops its containers with, and running tasks on them. */
final class StartPool {

    /** At most this many containers start at the same time. */
    static final int MAX_PARALLEL_STARTS = 16;

    private StartPool() {}

    static ExecutorService create(int threads) {
        return Executors.newFixedThreadPool(threads, daemonThreads());
    }

    /** Runs the tasks on the pool and waits for all; the first failure is rethrown as it was. */
    static void runAll(ExecutorService pool, List<Runnable> tasks) {
        join(tasks.stream().map(t -> CompletableFuture.runAsync(t, pool)).toList());
    }

    /** Runs the tasks on the pool and waits for all, ignoring failures. */
    static void runAllQuietly(ExecutorService pool, List<Runnable> tasks) {
        CompletableFuture.allOf(tasks.stream()
                        .map(t -> CompletableFuture.runAsync(t, pool))
                        .toArray(CompletableFuture[]::new))
                .exceptionally(e -> null)
                .join();
    }

    /** The results in order; a task's RuntimeException is rethrown unwrapped. */
    static <T> List<T> join(List<CompletableFuture<T>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
            return futures.stream().map(CompletableFuture::join).toList();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "mesos-harness-start-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
