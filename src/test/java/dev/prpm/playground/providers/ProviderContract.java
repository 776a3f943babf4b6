package dev.prpm.playground.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.prpm.playground.simulator.Fault;
import dev.prpm.playground.simulator.ProviderSimulator;
import dev.prpm.playground.simulator.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every SDK-backed provider shares, run against the local
 * {@link ProviderSimulator}: request mapping, usage, streaming, error classification, no
 * SDK retries.
 */
abstract class ProviderContract {

    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    static final String REPLY = "Here is a sharp review of your pull request with three concrete suggestions.";
    static final CompletionRequest REQUEST = new CompletionRequest("model-x", "You are a code reviewer.",
            List.of(ChatMessage.user("Review this"), ChatMessage.assistant("Send the diff."),
                    ChatMessage.user("diff --git a/x b/x")),
            321);

    static ProviderSimulator simulator;

    ModelProvider provider;

    @BeforeAll
    static void startSimulator() {
        simulator = ProviderSimulator.start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void setUp() {
        simulator.reset();
        simulator.reply(REPLY).usage(42, 17);
        provider = provider(ModelProperties.Provider.of("test-key", baseUrl(), TIMEOUT),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void closeProvider() throws Exception {
        ((AutoCloseable) provider).close();
    }

    abstract ModelProvider provider(ModelProperties.Provider connection, Clock clock);

    abstract String baseUrl();

    abstract String expectedPath();

    /**
     * The request as the real API expects it: model, system prompt, conversation, output
     * limit.
     */
    abstract void assertWireRequest(RecordedRequest request);

    @Test
    void completesWithTextUsageAndTheRequestTheApiExpects() {
        Completion completion = provider.complete(REQUEST);

        assertThat(completion.text()).isEqualTo(REPLY);
        assertThat(completion.inputTokens()).isEqualTo(42);
        assertThat(completion.outputTokens()).isEqualTo(17);
        assertThat(completion.stopReason()).isNotBlank();
        RecordedRequest sent = simulator.lastRequest();
        assertThat(sent.path()).isEqualTo(expectedPath());
        assertThat(sent.streaming()).isFalse();
        assertWireRequest(sent);
    }

    @Test
    void streamsDeltasInOrderAndReportsUsage() {
        List<String> deltas = new CopyOnWriteArrayList<>();

        Completion completion = provider.stream(REQUEST, deltas::add);

        assertThat(deltas).hasSizeGreaterThan(5);
        assertThat(String.join("", deltas)).isEqualTo(REPLY);
        assertThat(deltas.getFirst()).isEqualTo("Here");
        assertThat(completion.text()).isEqualTo(REPLY);
        assertThat(completion.inputTokens()).isEqualTo(42);
        assertThat(completion.outputTokens()).isEqualTo(17);
        assertThat(completion.stopReason()).isNotBlank();
        assertThat(simulator.lastRequest().streaming()).isTrue();
        assertWireRequest(simulator.lastRequest());
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.completedStreams() == 1);
    }

    @Test
    void rateLimitIsRetryableWithRetryAfterInSeconds() {
        simulator.failNext(1, Fault.rateLimited(Duration.ofSeconds(7)));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.complete(REQUEST));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.RATE_LIMITED);
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void rateLimitWhenStreamingHonoursRetryAfterAsHttpDate() {
        simulator.failNext(1, Fault.rateLimitedUntil(NOW.plusSeconds(30).atZone(ZoneOffset.UTC)));
        List<String> deltas = new CopyOnWriteArrayList<>();

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> provider.stream(REQUEST, deltas::add));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(deltas).isEmpty();
    }

    @Test
    void serverErrorIsRetryableAndTheSdkDoesNotRetryByItself() {
        simulator.failNext(1, Fault.serverError());

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.complete(REQUEST));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.SERVER_ERROR);
        assertThat(e.status()).isEqualTo(500);
        assertThat(simulator.requests()).hasSize(1);
    }

    @Test
    void overloadedIsAServerError() {
        simulator.failNext(1, Fault.overloaded());

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.stream(REQUEST, text -> {
        }));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.SERVER_ERROR);
        assertThat(e.status()).isEqualTo(529);
        assertThat(simulator.requests()).hasSize(1);
    }

    @Test
    void badRequestIsAClientErrorNeverRetried() {
        simulator.failNext(1, Fault.badRequest());

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.complete(REQUEST));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.CLIENT_ERROR);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.retryable()).isFalse();
        assertThat(e.retryAfter()).isNull();
    }

    @Test
    void aSilentProviderTimesOut() {
        simulator.failNext(1, Fault.hang(TIMEOUT.multipliedBy(3)));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.complete(REQUEST));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.TIMEOUT);
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void aSilentProviderTimesOutWhenStreamingToo() {
        simulator.failNext(1, Fault.hang(TIMEOUT.multipliedBy(3)));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.stream(REQUEST, text -> {
        }));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.TIMEOUT);
    }

    @Test
    void aStreamThatBreaksAfterTextWasDeliveredIsStreamBroken() {
        simulator.failNext(1, Fault.brokenStream(3));
        List<String> deltas = new CopyOnWriteArrayList<>();

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> provider.stream(REQUEST, deltas::add));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.STREAM_BROKEN);
        assertThat(e.retryable()).isFalse();
        assertThat(deltas).hasSize(3);
        assertThat(String.join("", deltas)).isEqualTo("Here is a");
    }

    @Test
    void aStreamThatBreaksBeforeAnyTextIsARetryableConnectionFailure() {
        simulator.failNext(1, Fault.brokenStream(0));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.stream(REQUEST, text -> {
        }));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.CONNECTION);
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void anErrorEventAfterTextWasDeliveredBreaksTheStream() {
        simulator.failNext(1, Fault.overloadedMidStream(2));
        List<String> deltas = new CopyOnWriteArrayList<>();

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> provider.stream(REQUEST, deltas::add));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.STREAM_BROKEN);
        assertThat(deltas).containsExactly("Here", " is");
    }

    @Test
    void anErrorEventBeforeAnyTextIsARetryableServerError() {
        simulator.failNext(1, Fault.overloadedMidStream(0));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.stream(REQUEST, text -> {
        }));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.SERVER_ERROR);
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void aFailingSinkPropagatesUnchangedAndTheStreamIsClosed() {
        simulator.reply("word ".repeat(200).trim()).deltaInterval(Duration.ofMillis(10));
        IllegalStateException clientGone = new IllegalStateException("client went away");
        List<String> deltas = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> provider.stream(REQUEST, text -> {
            deltas.add(text);
            if (deltas.size() == 3) {
                throw clientGone;
            }
        })).isSameAs(clientGone);

        assertThat(deltas).hasSize(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.abortedStreams() == 1);
        assertThat(simulator.completedStreams()).isZero();
    }

    @Test
    void connectionRefusedIsARetryableConnectionFailure() throws Exception {
        ModelProvider unreachable = provider(ModelProperties.Provider.of("test-key", unreachableBaseUrl(), TIMEOUT),
                Clock.systemUTC());
        try {
            ProviderException e = catchThrowableOfType(ProviderException.class, () -> unreachable.complete(REQUEST));
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.CONNECTION);
        }
        finally {
            ((AutoCloseable) unreachable).close();
        }
    }

    @Test
    void withoutAnApiKeyCallsAreRejectedWithoutNetwork() throws Exception {
        ModelProvider unconfigured = provider(ModelProperties.Provider.of(" ", baseUrl(), TIMEOUT), Clock.systemUTC());
        try {
            ProviderException e = catchThrowableOfType(ProviderException.class, () -> unconfigured.complete(REQUEST));
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.CLIENT_ERROR);
            assertThatThrownBy(() -> unconfigured.stream(REQUEST, text -> {
            })).isInstanceOf(ProviderException.class);
            assertThat(simulator.requests()).isEmpty();
        }
        finally {
            ((AutoCloseable) unconfigured).close();
        }
    }

    /** A port nothing listens on (the simulator's, after a throwaway instance closed). */
    private static String unreachableBaseUrl() {
        ProviderSimulator throwaway = ProviderSimulator.start();
        String url = throwaway.baseUrl();
        throwaway.close();
        return url;
    }

}
