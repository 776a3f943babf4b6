package dev.prpm.playground.jobs;

import dev.prpm.playground.runs.AdmissionGate;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This instance's worker: one claiming thread fills up to {@code concurrency} slots with
 * jobs (each on a virtual thread), one heartbeat thread renews their leases and picks up
 * cancellations. Jobs of a dead instance come back when their lease expires.
 */
@Component
class JobWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger("playground.jobs");

    private final JobRepository jobs;

    private final JobRunner runner;

    private final JobProperties properties;

    private final Clock clock;

    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();

    private final Map<UUID, JobRunner.Lease> running = new ConcurrentHashMap<>();

    private final Semaphore wakeups = new Semaphore(0);

    private final AtomicInteger highWater = new AtomicInteger();

    private volatile boolean active;

    private volatile boolean paused;

    private Semaphore slots;

    private ExecutorService pool;

    private Thread claimer;

    private Thread heart;

    private final BatchRepository batches;

    private final BatchCloser closer;

    private final AdmissionGate admission;

    JobWorker(JobRepository jobs, JobRunner runner, JobProperties properties, Clock clock, BatchRepository batches,
            BatchCloser closer, AdmissionGate admission) {
        this.batches = batches;
        this.closer = closer;
        this.admission = admission;
        this.jobs = jobs;
        this.runner = runner;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void start() {
        if (!properties.workerEnabled()) {
            return;
        }
        slots = new Semaphore(properties.concurrency());
        pool = Executors.newVirtualThreadPerTaskExecutor();
        active = true;
        claimer = Thread.ofVirtual().name("jobs-claimer").start(this::claimLoop);
        heart = Thread.ofVirtual().name("jobs-heartbeat").start(this::heartbeatLoop);
        log.info("jobs.worker.started owner={} concurrency={}", owner, properties.concurrency());
    }

    @Override
    public void stop() {
        if (!active) {
            return;
        }
        active = false;
        claimer.interrupt();
        heart.interrupt();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(properties.lease().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("jobs.worker.stopped_with_running count={} (their leases will expire)", running.size());
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return active;
    }

    /** A job was queued on this instance: look now instead of at the next poll. */
    void wake() {
        wakeups.release();
    }

    /** Stops a job running here at once (the heartbeat would see the flag later). */
    void cancelLocally(UUID jobId) {
        JobRunner.Lease lease = running.get(jobId);
        if (lease != null) {
            lease.cancelled().set(true);
        }
    }

    /** Most jobs this worker ran at once since the last reset (tests, metrics). */
    int highWater() {
        return highWater.get();
    }

    void resetHighWater() {
        highWater.set(running.size());
    }

    /** Tests: stop claiming (running jobs go on). */
    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
        wake();
    }

    private void claimLoop() {
        while (active) {
            try {
                slots.acquire();
                Optional<AdmissionGate.Permit> permit = paused ? Optional.empty() : admission.tryAdmitBackground();
                Optional<Job> claimed = permit.isEmpty() ? Optional.empty() : claimSafely();
                if (claimed.isEmpty()) {
                    permit.ifPresent(AdmissionGate.Permit::close);
                    slots.release();
                    idle();
                    continue;
                }
                launch(claimed.get(), permit.get());
            }
            catch (InterruptedException e) {
                return;
            }
        }
    }

    private Optional<Job> claimSafely() {
        Instant now = clock.instant();
        UUID token = UUID.randomUUID();
        try {
            return jobs.claim(owner, token, now, now.plus(properties.lease()), properties.maxRunningPerUser());
        }
        catch (RuntimeException e) {
            log.warn("jobs.claim_failed {}", e.getMessage());
            return Optional.empty();
        }
    }

    private void launch(Job job, AdmissionGate.Permit permit) {
        JobRunner.Lease lease = new JobRunner.Lease(job.id(), job.leaseToken());
        running.put(job.id(), lease);
        highWater.accumulateAndGet(running.size(), Math::max);
        pool.execute(() -> {
            MDC.put("jobId", job.id().toString());
            try {
                runner.run(job, lease);
            }
            catch (RuntimeException e) {
                log.error("jobs.run_crashed jobId={} (its lease will expire and it runs again)", job.id(), e);
            }
            finally {
                running.remove(job.id());
                permit.close();
                slots.release();
                MDC.clear();
                wake();
            }
        });
    }

    private void idle() throws InterruptedException {
        wakeups.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        wakeups.drainPermits();
    }

    private void heartbeatLoop() {
        while (active) {
            try {
                Thread.sleep(properties.heartbeat());
                beat();
                closeMissedBatches();
            }
            catch (InterruptedException e) {
                return;
            }
            catch (RuntimeException e) {
                log.warn("jobs.heartbeat_failed {}", e.getMessage());
            }
        }
    }

    /**
     * Closes the batches whose last cell ended without closing them (its instance died
     * right after the cell's commit).
     */
    void closeMissedBatches() {
        batches.openWithoutUnfinishedCells(20).forEach(closer::closeIfDone);
    }

    /**
     * Renews the leases of the jobs running here; flags the cancelled and the lost ones.
     */
    void beat() {
        List<JobRunner.Lease> leases = List.copyOf(running.values());
        List<UUID> tokens = leases.stream().map(JobRunner.Lease::token).toList();
        Map<UUID, Boolean> renewed = new ConcurrentHashMap<>();
        for (JobRepository.Beat beat : jobs.heartbeat(tokens, clock.instant().plus(properties.lease()))) {
            renewed.put(beat.token(), beat.cancelRequested());
        }
        for (JobRunner.Lease lease : leases) {
            Boolean cancel = renewed.get(lease.token());
            if (cancel == null) {
                lease.lost().set(true);
            }
            else if (cancel) {
                lease.cancelled().set(true);
            }
        }
    }

}
