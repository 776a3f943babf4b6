package dev.prpm.playground.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.web.context.request.async.DeferredResult;

class DetachedRunsTest {

    @AfterEach
    void clearLogContext() {
        MDC.clear();
    }

    @Test
    void theWorkRunsOnAVirtualThreadOfItsOwnWithTheRequestsLogContextAndNoneOfItsFrames() {
        MDC.put("correlationId", "detached-0001");
        DeferredResult<List<Object>> response = DetachedRuns.start("playground-run", () -> {
        }, () -> List.of(Thread.currentThread().isVirtual(), Thread.currentThread().getName(),
                String.valueOf(MDC.get("correlationId")), StackWalker.getInstance()
                    .walk(frames -> frames.map(frame -> frame.getClassName() + "#" + frame.getMethodName()).toList())));

        await().atMost(Duration.ofSeconds(10)).until(response::hasResult);
        @SuppressWarnings("unchecked")
        List<Object> seen = (List<Object>) response.getResult();
        assertThat(seen.subList(0, 3)).containsExactly(true, "playground-run", "detached-0001");
        @SuppressWarnings("unchecked")
        List<String> frames = (List<String>) seen.get(3);
        // the caller's frames (here the test runner's, in the app the container's, the
        // filters' and Spring MVC's) are not on the parked stack
        assertThat(frames).noneMatch(frame -> frame.startsWith("org.junit") || frame.equals(getClass().getName()
                + "#theWorkRunsOnAVirtualThreadOfItsOwnWithTheRequestsLogContextAndNoneOfItsFrames"));
        assertThat(frames).hasSizeLessThan(10);
    }

    @Test
    void thePermitsAreGivenBackBeforeTheAnswerGoesOut() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        AtomicReference<Boolean> closedWhenAnswered = new AtomicReference<>();
        CountDownLatch handlerSet = new CountDownLatch(1);
        DeferredResult<String> response = DetachedRuns.start("playground-run", () -> closed.set(true), () -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> handlerSet.getCount() == 0);
            return "answer";
        });
        response.setResultHandler(result -> closedWhenAnswered.set(closed.get()));
        handlerSet.countDown();

        await().atMost(Duration.ofSeconds(10)).until(response::hasResult);
        assertThat(response.getResult()).isEqualTo("answer");
        assertThat(closedWhenAnswered.get()).isTrue();
    }

    @Test
    void aFailureBecomesTheErrorResponseAndStillGivesThePermitsBack() {
        AtomicBoolean closed = new AtomicBoolean();
        var failure = new PlaygroundExceptions.ServerShuttingDown();
        DeferredResult<String> response = DetachedRuns.start("playground-run", () -> closed.set(true), () -> {
            throw failure;
        });

        await().atMost(Duration.ofSeconds(10)).until(response::hasResult);
        assertThat(response.getResult()).isSameAs(failure);
        assertThat(closed).isTrue();
    }

}
