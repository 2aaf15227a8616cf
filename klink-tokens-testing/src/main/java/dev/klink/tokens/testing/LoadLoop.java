package dev.klink.tokens.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A bounded request loop: a few threads call one task over and over until a number of calls is reached, a time is
 * up, or {@link #stop()} is called, whichever comes first. Each result is kept with how long its call took; the
 * first exception a call throws ends the loop and is rethrown by {@link #await()}.
 *
 * <pre>{@code
 * LoadLoop<Integer> loop = LoadLoop.start(4, 10_000, Duration.ofSeconds(5), i -> get("/api").statusCode());
 * // ... cut the database, stop the server ...
 * List<LoadLoop.Call<Integer>> calls = loop.await();
 * }</pre>
 *
 * @param <T> what one call returns
 */
public final class LoadLoop<T> {

    /** One call's result and how long it took. */
    public record Call<T>(T result, Duration took, long startedNanos) {
    }

    /** What a call does; {@code i} counts calls from 0 across all threads. */
    @FunctionalInterface
    public interface Task<T> {
        T call(int i) throws Exception;
    }

    private final ConcurrentLinkedQueue<Call<T>> calls = new ConcurrentLinkedQueue<>();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final boolean keep;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final Duration maxDuration;
    private volatile @Nullable Throwable failure;

    private LoadLoop(Duration maxDuration, boolean keep) {
        this.maxDuration = maxDuration;
        this.keep = keep;
    }

    /**
     * Starts {@code threads} threads that call {@code task} until {@code maxCalls} calls have started or
     * {@code maxDuration} has passed.
     */
    public static <T> LoadLoop<T> start(int threads, int maxCalls, Duration maxDuration, Task<T> task) {
        return start(threads, maxCalls, maxDuration, task, true);
    }

    /**
     * As {@link #start}, but keeps no result, only the count of calls: for long runs (a soak) whose task tallies
     * what it sees itself, so that the loop's own memory does not grow with the calls.
     */
    public static <T> LoadLoop<T> startDiscarding(int threads, int maxCalls, Duration maxDuration, Task<T> task) {
        return start(threads, maxCalls, maxDuration, task, false);
    }

    private static <T> LoadLoop<T> start(int threads, int maxCalls, Duration maxDuration, Task<T> task,
            boolean keep) {
        if (threads < 1 || maxCalls < 1 || maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("threads and maxCalls must be positive, maxDuration more than zero, was "
                    + threads + ", " + maxCalls + ", " + maxDuration);
        }
        Objects.requireNonNull(task, "task");
        LoadLoop<T> loop = new LoadLoop<>(maxDuration, keep);
        long deadline = System.nanoTime() + maxDuration.toNanos();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> loop.run(task, maxCalls, deadline), "load-loop-" + t);
            thread.setDaemon(true);
            loop.threads.add(thread);
        }
        loop.threads.forEach(Thread::start);
        return loop;
    }

    /** Runs a loop to its end and returns its calls (see {@link #start}). */
    public static <T> List<Call<T>> run(int threads, int maxCalls, Duration maxDuration, Task<T> task)
            throws InterruptedException {
        return start(threads, maxCalls, maxDuration, task).await();
    }

    private void run(Task<T> task, int maxCalls, long deadline) {
        while (!stopped.get() && System.nanoTime() < deadline) {
            int i = started.getAndIncrement();
            if (i >= maxCalls) {
                return;
            }
            long start = System.nanoTime();
            try {
                T result = task.call(i);
                if (keep) {
                    calls.add(new Call<>(result, Duration.ofNanos(System.nanoTime() - start), start));
                }
                completed.incrementAndGet();
            } catch (Throwable e) {
                if (failure == null) {
                    failure = e;
                }
                stopped.set(true);
                return;
            }
        }
    }

    /** Asks the threads to stop after their current call. */
    public void stop() {
        stopped.set(true);
    }

    /** How many calls have completed so far. */
    public int completed() {
        return completed.get();
    }

    /** The calls completed so far, in the order they completed (none when started discarding). */
    public List<Call<T>> snapshot() {
        return List.copyOf(calls);
    }

    /**
     * Waits for the loop to end (its own time plus 30 s at most) and returns every call in completion order (none
     * when started discarding).
     *
     * @throws AssertionError if a call threw (with that exception as cause) or a thread did not end in time
     */
    public List<Call<T>> await() throws InterruptedException {
        long limit = System.nanoTime() + maxDuration.toNanos() + TimeUnit.SECONDS.toNanos(30);
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(limit - System.nanoTime())));
            if (thread.isAlive()) {
                stop();
                throw new AssertionError(thread.getName() + " still runs a call 30 s after the loop's end");
            }
        }
        Throwable e = failure;
        if (e != null) {
            throw new AssertionError("a call of the load loop failed: " + e, e);
        }
        return List.copyOf(calls);
    }
}
