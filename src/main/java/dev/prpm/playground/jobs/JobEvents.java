package dev.prpm.playground.jobs;

import dev.prpm.playground.common.CurrentUser;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A job's status changes as server-sent events: a {@code status} event with the job at
 * once and at every change (status, attempts, a cancel request), then {@code done} with
 * the ended job (its result) and the stream ends. Each stream watches the job's row
 * (every {@value #STEP_MS} ms), so it works whichever instance runs the job.
 */
@Component
class JobEvents {

    static final long STEP_MS = 250;

    static final Duration TIMEOUT = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger("playground.jobs");

    private final JobService jobs;

    JobEvents(JobService jobs) {
        this.jobs = jobs;
    }

    /** Opens the stream; someone else's job is a 404 before anything is streamed. */
    SseEmitter stream(CurrentUser user, UUID id) {
        JobViews.JobView first = jobs.get(user, id, 0);
        SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
        AtomicBoolean open = new AtomicBoolean(true);
        emitter.onCompletion(() -> open.set(false));
        emitter.onTimeout(() -> open.set(false));
        emitter.onError(e -> open.set(false));
        Thread.ofVirtual().name("sse-job-" + id).start(() -> pump(user, id, first, emitter, open));
        return emitter;
    }

    private void pump(CurrentUser user, UUID id, JobViews.JobView first, SseEmitter emitter, AtomicBoolean open) {
        try {
            JobViews.JobView job = first;
            String last = null;
            while (open.get()) {
                String state = job.status() + "/" + job.attempts() + "/" + job.cancelRequested();
                if (!state.equals(last)) {
                    emitter.send(SseEmitter.event().name("status").data(job));
                    last = state;
                }
                if (job.finishedAt() != null) {
                    emitter.send(SseEmitter.event().name("done").data(job));
                    emitter.complete();
                    return;
                }
                Thread.sleep(STEP_MS);
                job = jobs.get(user, id, 0);
            }
        }
        catch (IOException | IllegalStateException e) {
            log.debug("jobs.events_closed jobId={} {}", id, e.getMessage());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        }
        catch (RuntimeException e) {
            emitter.completeWithError(e);
        }
    }

}
