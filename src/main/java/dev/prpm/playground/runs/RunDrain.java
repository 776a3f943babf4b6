package dev.prpm.playground.runs;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Graceful shutdown of runs, before the web server drains its requests and long before
 * the database stops (the database bean is destroyed last): from the first moment new
 * runs get 503 {@code server_shutting_down} with Retry-After; runs in flight get
 * {@code prpm.playground.shutdown-grace} to finish; streams still running then are told
 * to end, which sends them an SSE {@code error} event and saves and charges their partial
 * answer as for a client disconnect.
 */
@Component
class RunDrain implements SmartLifecycle {

    /**
     * Stops before the web server's graceful shutdown (phase
     * {@code DEFAULT_PHASE - 1024}).
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    static final Duration CANCEL_WAIT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(RunDrain.class);

    private final Set<StreamHandle> streams = ConcurrentHashMap.newKeySet();

    private final AtomicInteger blockingRuns = new AtomicInteger();

    private final Duration grace;

    private volatile boolean running;

    private volatile boolean draining;

    RunDrain(PlaygroundProperties properties) {
        this.grace = properties.shutdownGrace();
    }

    /** Admits a blocking run; close the ticket when it is over. */
    Ticket admit() {
        refuseWhenDraining();
        blockingRuns.incrementAndGet();
        return blockingRuns::decrementAndGet;
    }

    /** Admits a stream; {@link #finished} when its pump is over. */
    StreamHandle admitStream() {
        refuseWhenDraining();
        StreamHandle handle = new StreamHandle();
        streams.add(handle);
        return handle;
    }

    void finished(StreamHandle handle) {
        streams.remove(handle);
    }

    int inFlight() {
        return streams.size() + blockingRuns.get();
    }

    @Override
    public void start() {
        draining = false;
        running = true;
    }

    @Override
    public void stop() {
        CountDownLatch done = new CountDownLatch(1);
        stop(done::countDown);
        try {
            done.await();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop(Runnable callback) {
        draining = true;
        log.info("playground.drain.start inFlight={} grace={}", inFlight(), grace);
        Thread.ofPlatform().name("playground-drain").start(() -> {
            try {
                drain();
            }
            finally {
                running = false;
                callback.run();
            }
        });
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void drain() {
        awaitNoneInFlight(grace);
        if (!streams.isEmpty()) {
            log.warn("playground.drain.ending_streams streams={}", streams.size());
            streams.forEach(StreamHandle::cancel);
            awaitStreamsEnded(CANCEL_WAIT);
        }
        log.info("playground.drain.done streamsLeft={} blockingRunsLeft={}", streams.size(), blockingRuns.get());
    }

    private void awaitNoneInFlight(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight() > 0 && System.nanoTime() < deadline) {
            pause();
        }
    }

    private void awaitStreamsEnded(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!streams.isEmpty() && System.nanoTime() < deadline) {
            pause();
        }
    }

    private void refuseWhenDraining() {
        if (draining) {
            throw new PlaygroundExceptions.ServerShuttingDown();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An admitted blocking run. */
    @FunctionalInterface
    interface Ticket extends AutoCloseable {

        @Override
        void close();

    }

    /**
     * One stream's pump thread and whether shutdown told it to end. Cancelling interrupts
     * the pump only while it waits on the model, never while it commits.
     */
    static final class StreamHandle {

        private Thread pump;

        private boolean cancelled;

        private boolean committing;

        synchronized void attach(Thread thread) {
            this.pump = thread;
        }

        synchronized void cancel() {
            if (cancelled || committing) {
                return;
            }
            cancelled = true;
            if (pump != null) {
                pump.interrupt();
            }
        }

        /**
         * Whether shutdown told this stream to end; clears the interrupt it caused so the
         * partial answer can still be committed.
         */
        synchronized boolean cancelled() {
            if (cancelled && Thread.currentThread() == pump) {
                Thread.interrupted();
            }
            return cancelled;
        }

        /** The answer is complete: from now on it is committed, not cancelled. */
        synchronized void committing() {
            if (cancelled && Thread.currentThread() == pump) {
                Thread.interrupted();
            }
            committing = true;
        }

    }

}
