package dev.prpm.playground.jobs;

import dev.prpm.playground.common.AfterCommit;
import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.runs.HeldRuns;
import dev.prpm.playground.runs.RunRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Batch evaluations: one quote and one hold (the envelope) for the whole matrix, each
 * cell queued as a job that settles its own part, the rest released when the last cell
 * ends.
 */
@Service
class BatchService {

    static final String BASE = "/api/v1/playground/batches/";

    private final HeldRuns runs;

    private final JobRepository jobs;

    private final BatchRepository batches;

    private final BatchCloser closer;

    private final JobWorker worker;

    private final JobProperties properties;

    private final ObjectMapper json;

    private final Clock clock;

    BatchService(HeldRuns runs, JobRepository jobs, BatchRepository batches, BatchCloser closer, JobWorker worker,
            JobProperties properties, ObjectMapper json, Clock clock) {
        this.runs = runs;
        this.jobs = jobs;
        this.batches = batches;
        this.closer = closer;
        this.worker = worker;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Prices every cell, holds the sum once (402 when the balance or {@code maxCredits}
     * cannot cover it, nothing queued) and queues the cells, in one transaction.
     */
    @Transactional
    public BatchViews.Submitted submit(CurrentUser user, BatchRequest request) {
        validate(request);
        List<RunRequest> cells = new ArrayList<>();
        for (String input : request.inputs()) {
            for (String model : request.models()) {
                cells.add(new RunRequest(request.packageId(), request.version(), model, input, null,
                        request.maxOutputTokens()));
            }
        }
        List<HeldRuns.Hold> quotes = runs.quote(user, cells);
        long quote = quotes.stream().mapToLong(HeldRuns.Hold::estimate).sum();
        if (request.maxCredits() != null && quote > request.maxCredits()) {
            throw new BatchExceptions.QuoteOverMaxCredits(quote, request.maxCredits());
        }
        UUID id = UUID.randomUUID();
        UUID envelope = runs.holdEnvelope(user, quote, "batch of " + cells.size() + " runs", id, properties.holdTtl());
        Instant now = clock.instant();
        batches.insert(new Batch(id, user.id(), request.packageId(), request.version(),
                json.writeValueAsString(request.models()), json.writeValueAsString(request.inputs()),
                request.assertions() == null ? null : json.writeValueAsString(request.assertions()),
                request.maxCredits(), quote, envelope, Batch.RUNNING, false, null, now, null));
        for (int cell = 0; cell < cells.size(); cell++) {
            HeldRuns.Hold hold = quotes.get(cell).in(envelope);
            jobs.insert(new Job(UUID.randomUUID(), 0, user.id(), user.tier().value(), Job.QUEUED,
                    json.writeValueAsString(cells.get(cell)), hold.model(), hold.runId(), hold.reservationId(),
                    hold.estimate(), 0, now, null, false, null, null, now, null, null, id, cell));
        }
        AfterCommit.run("jobs.wake", worker::wake);
        return new BatchViews.Submitted(id, Batch.RUNNING, cells.size(), quote, BASE + id);
    }

    public BatchViews.BatchView get(CurrentUser user, UUID id) {
        return view(find(user, id));
    }

    /**
     * Stops the cells not yet done: queued ones are cancelled, running ones stop and pay
     * what they produced; the rest of the envelope is released when the last one ended
     * (at once when none was running).
     */
    public BatchViews.BatchView cancel(CurrentUser user, UUID id) {
        Batch batch = find(user, id);
        if (!batch.finished()) {
            closer.stop(id).forEach(worker::cancelLocally);
            closer.closeIfDone(id);
        }
        return view(find(user, id));
    }

    private Batch find(CurrentUser user, UUID id) {
        return batches.find(id, user.id()).orElseThrow(BatchExceptions.BatchNotFound::new);
    }

    BatchViews.BatchView view(Batch batch) {
        List<String> models = json.readValue(batch.models(), new TypeReference<List<String>>() {
        });
        List<String> inputs = json.readValue(batch.inputs(), new TypeReference<List<String>>() {
        });
        List<BatchRequest.Assertion> assertions = batch.assertions() == null ? List.of()
                : json.readValue(batch.assertions(), new TypeReference<List<BatchRequest.Assertion>>() {
                });
        List<BatchViews.Cell> cells = BatchMatrix.cells(batches.cells(batch.id()), assertions, models.size(), json);
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (String status : List.of(Job.QUEUED, Job.RUNNING, Job.SUCCEEDED, Job.FAILED, Job.CANCELLED)) {
            byStatus.put(status, (int) cells.stream().filter(c -> status.equals(c.status())).count());
        }
        long charged = cells.stream().mapToLong(c -> c.credits() == null ? 0 : c.credits()).sum();
        Integer passed = assertions.isEmpty() ? null
                : (int) cells.stream().filter(c -> Boolean.TRUE.equals(c.passed())).count();
        return new BatchViews.BatchView(batch.id(), batch.status(), batch.packageId(), batch.version(), models, inputs,
                assertions, batch.maxCredits(), new BatchViews.Credits(batch.quote(), charged, batch.released()),
                byStatus, passed, cells, BatchMatrix.totals(models, cells, !assertions.isEmpty()), batch.createdAt(),
                batch.finishedAt(), BASE + batch.id());
    }

    private static void validate(BatchRequest request) {
        if (request.models().stream().distinct().count() < request.models().size()) {
            throw new BatchExceptions.InvalidBatch("models", "Each model may appear once");
        }
        for (BatchRequest.Assertion assertion : request.assertionsOrNone()) {
            switch (assertion.type()) {
                case "regex" -> {
                    try {
                        Pattern.compile(assertion.value());
                    }
                    catch (PatternSyntaxException e) {
                        throw new BatchExceptions.InvalidBatch("assertions", "Invalid regex: " + e.getDescription());
                    }
                }
                case "maxTokens" -> {
                    if (!assertion.value().matches("[1-9][0-9]{0,5}")) {
                        throw new BatchExceptions.InvalidBatch("assertions", "maxTokens must be a positive integer");
                    }
                }
                default -> {
                }
            }
        }
    }

}
