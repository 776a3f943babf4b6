package dev.prpm.playground.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A local stand-in for the Anthropic Messages and OpenAI Chat Completions APIs, speaking
 * their wire formats (JSON and SSE) well enough for the official SDKs. Tests configure it
 * through a thread-safe scenario API (latency, reply, token counts, faults for the next
 * calls) and assert on the recorded requests. Run {@link #main} for a standalone instance
 * (load tests).
 */
public final class ProviderSimulator implements AutoCloseable {

    static {
        // Small SSE frames must not wait for Nagle's algorithm.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // Keep clients' connections alive like a provider's server does. The JDK server
        // closes a connection the moment it answers once 200 others are idle; a client
        // pool reusing it reads EOF ("\n not found: limit=0"), a failed call that opened
        // the app's breaker in the 10,000-in-flight benchmark (issue #15).
        System.setProperty("sun.net.httpserver.maxIdleConnections", "20000");
    }

    private final HttpServer server;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();

    private final AtomicInteger abortedStreams = new AtomicInteger();

    private final AtomicInteger completedStreams = new AtomicInteger();

    private final java.util.concurrent.atomic.AtomicLong answered = new java.util.concurrent.atomic.AtomicLong();

    private volatile Scenario scenario = Scenario.DEFAULT;

    private volatile RandomFaults randomFaults;

    private ProviderSimulator(int port, int backlog) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
        server.createContext("/v1/messages", exchange -> handle(exchange, new AnthropicWire()));
        server.createContext("/v1/chat/completions", exchange -> handle(exchange, new OpenAiWire()));
        server.setExecutor(executor);
        server.start();
    }

    /** Starts on a free port. */
    public static ProviderSimulator start() {
        return start(0);
    }

    public static ProviderSimulator start(int port) {
        return start(port, 256);
    }

    /**
     * With an accept backlog for bursts: thousands of runs connecting at once overflowed
     * 256 and their connects failed (the app's breaker then opened).
     */
    public static ProviderSimulator start(int port, int backlog) {
        try {
            return new ProviderSimulator(port, backlog);
        }
        catch (IOException e) {
            throw new IllegalStateException("cannot start the provider simulator on port " + port, e);
        }
    }

    /**
     * Standalone:
     * {@code ProviderSimulator [port] [latencyMillis] [deltaIntervalMillis] [inputTokens outputTokens]}
     * (port 0: a free one; the first line printed names the base URLs).
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
        ProviderSimulator simulator = start(port);
        if (args.length > 1) {
            simulator.latency(Duration.ofMillis(Long.parseLong(args[1])));
        }
        if (args.length > 2) {
            simulator.deltaInterval(Duration.ofMillis(Long.parseLong(args[2])));
        }
        if (args.length > 4) {
            simulator.usage(Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        }
        simulator.recordRequests(false);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(simulator::close));
        System.out.println("Provider simulator listening: ANTHROPIC_BASE_URL=" + simulator.baseUrl()
                + " OPENAI_BASE_URL=" + simulator.openAiBaseUrl());
        Thread.currentThread().join();
    }

    /** Base URL for the Anthropic SDK (it appends {@code /v1/messages}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Base URL for the OpenAI SDK (it appends {@code /chat/completions}). */
    public String openAiBaseUrl() {
        return baseUrl() + "/v1";
    }

    /** A fixed reply text for every request. */
    public ProviderSimulator reply(String text) {
        return replyWith(request -> text);
    }

    /** A reply derived from the request. */
    public ProviderSimulator replyWith(Function<RecordedRequest, String> reply) {
        scenario = scenario.withReply(reply);
        return this;
    }

    /**
     * Fixed token counts instead of the default estimate (input: ~4 chars per token;
     * output: one per delta).
     */
    public ProviderSimulator usage(int inputTokens, int outputTokens) {
        scenario = scenario.withUsage(inputTokens, outputTokens);
        return this;
    }

    /** Delay before the response starts. */
    public ProviderSimulator latency(Duration latency) {
        scenario = scenario.withLatency(latency);
        return this;
    }

    /** Delay between streamed frames. */
    public ProviderSimulator deltaInterval(Duration interval) {
        scenario = scenario.withDeltaInterval(interval);
        return this;
    }

    /** Whether to keep received requests (on by default; off for long load tests). */
    public ProviderSimulator recordRequests(boolean record) {
        scenario = scenario.withRecording(record);
        return this;
    }

    /**
     * The next {@code times} calls fail with {@code fault}, after any faults already
     * queued.
     */
    public ProviderSimulator failNext(int times, Fault fault) {
        for (int i = 0; i < times; i++) {
            faults.add(fault);
        }
        return this;
    }

    /**
     * From now on, each call with no queued fault fails with probability {@code rate},
     * with one of {@code choices} picked at random (seeded, so a run can be repeated).
     */
    public ProviderSimulator faultRandomly(double rate, long seed, List<Fault> choices) {
        randomFaults = new RandomFaults(rate, new java.util.Random(seed), List.copyOf(choices));
        return this;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public RecordedRequest lastRequest() {
        return requests.getLast();
    }

    /** Streams the client abandoned (a write failed) before the last frame. */
    /** Non-streamed 200 answers sent so far (paid for, at a real provider). */
    public long answered() {
        return answered.get();
    }

    public int abortedStreams() {
        return abortedStreams.get();
    }

    public int completedStreams() {
        return completedStreams.get();
    }

    /** Back to the default scenario; forgets faults, requests and counters. */
    public void reset() {
        scenario = Scenario.DEFAULT;
        randomFaults = null;
        faults.clear();
        requests.clear();
        abortedStreams.set(0);
        completedStreams.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange, Wire wire) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "{}", Map.of());
                return;
            }
            RecordedRequest request = record(exchange);
            Scenario current = scenario;
            if (current.record()) {
                requests.add(request);
            }
            pause(current.latency());
            Fault fault = faults.poll();
            RandomFaults random = randomFaults;
            if (fault == null && random != null) {
                fault = random.next();
            }
            Wire.Answer answer = current.answer(request, UUID.randomUUID().toString().replace("-", ""));
            switch (fault) {
                case Fault.Status status -> send(exchange, status.status(), wire.error(status), status.headers());
                case Fault.Hang hang -> pause(hang.duration());
                case Fault.BrokenStream broken -> breakStream(exchange, wire.stream(request, answer), broken);
                case Fault.StreamError error -> {
                    List<Wire.Frame> frames = new ArrayList<>(
                            Wire.upToDelta(wire.stream(request, answer), error.deltasBeforeError()));
                    frames.add(wire.streamError(error.errorType()));
                    stream(exchange, frames, current.deltaInterval());
                }
                case null -> {
                    if (request.streaming()) {
                        stream(exchange, wire.stream(request, answer), current.deltaInterval());
                    }
                    else {
                        send(exchange, 200, wire.json(request, answer), Map.of());
                        answered.incrementAndGet();
                    }
                }
            }
        }
        catch (RuntimeException | IOException e) {
            // The client went away or sent garbage; nothing to answer.
        }
    }

    private static RecordedRequest record(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        JsonNode body = bytes.length == 0 ? Wire.object() : Wire.JSON.readTree(bytes);
        return new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body);
    }

    private static void send(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("request-id", "req_sim_" + UUID.randomUUID());
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void stream(HttpExchange exchange, List<Wire.Frame> frames, Duration interval) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        try {
            for (Wire.Frame frame : frames) {
                out.write(frame.sse().getBytes(StandardCharsets.UTF_8));
                out.flush();
                pause(interval);
            }
        }
        catch (IOException e) {
            abortedStreams.incrementAndGet();
            throw e;
        }
        completedStreams.incrementAndGet();
    }

    /**
     * Declares a body far longer than what is sent, sends the frames up to the given
     * number of text deltas, then closes: the client sees the connection end in the
     * middle of the stream.
     */
    private static void breakStream(HttpExchange exchange, List<Wire.Frame> frames, Fault.BrokenStream fault)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 1_000_000);
        OutputStream out = exchange.getResponseBody();
        for (Wire.Frame frame : Wire.upToDelta(frames, fault.deltasBeforeBreak())) {
            out.write(frame.sse().getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        exchange.close();
    }

    private static void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("simulator stopped", e);
        }
    }

    private record RandomFaults(double rate, java.util.Random random, List<Fault> choices) {

        Fault next() {
            synchronized (random) {
                return random.nextDouble() < rate ? choices.get(random.nextInt(choices.size())) : null;
            }
        }

    }

}
