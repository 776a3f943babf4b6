package dev.prpm.playground.providers;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

/** A provider whose next answers are scripted: failures to throw, then a completion. */
final class ScriptedProvider implements ModelProvider {

    private final String id;

    private final Deque<RuntimeException> failures = new ArrayDeque<>();

    final AtomicInteger calls = new AtomicInteger();

    volatile int deltasBeforeFailure;

    ScriptedProvider(String id) {
        this.id = id;
    }

    synchronized ScriptedProvider failNext(RuntimeException failure, int times) {
        for (int i = 0; i < times; i++) {
            failures.add(failure);
        }
        return this;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Completion complete(CompletionRequest request) {
        calls.incrementAndGet();
        RuntimeException failure = nextFailure();
        if (failure != null) {
            throw failure;
        }
        return new Completion(id + ":" + request.upstreamModel(), 10, 5, "end_turn");
    }

    @Override
    public Completion stream(CompletionRequest request, TokenSink sink) {
        calls.incrementAndGet();
        RuntimeException failure = nextFailure();
        for (int i = 0; i < (failure == null ? 3 : deltasBeforeFailure); i++) {
            sink.onDelta("w" + i + " ");
        }
        if (failure != null) {
            throw failure;
        }
        return new Completion("w0 w1 w2 ", 10, 3, "end_turn");
    }

    private synchronized RuntimeException nextFailure() {
        return failures.poll();
    }

}
