package dev.prpm.playground.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link ProviderSimulator#main} in a child JVM on the test class path, so that a load
 * test's CPU figures of the application do not include the simulator's work (and the
 * simulator does not compete inside the application's JVM).
 */
public final class SimulatorProcess implements AutoCloseable {

    private static final Pattern BASE_URL = Pattern.compile("ANTHROPIC_BASE_URL=(\\S+)");

    private final Process process;

    private final String baseUrl;

    private SimulatorProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** Starts the simulator on a free port: every answer after {@code latency}. */
    public static SimulatorProcess start(Duration latency, int inputTokens, int outputTokens) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", classPath, ProviderSimulator.class.getName(), "0", Long.toString(latency.toMillis()), "0",
                Integer.toString(inputTokens), Integer.toString(outputTokens));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            Matcher url = BASE_URL.matcher(line);
            if (url.find()) {
                Thread.ofVirtual().start(() -> drain(output));
                return new SimulatorProcess(process, url.group(1));
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the simulator process ended before it listened");
    }

    public String baseUrl() {
        return baseUrl;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static void drain(BufferedReader output) {
        try (output) {
            while (output.readLine() != null) {
                // keep the pipe empty
            }
        }
        catch (IOException e) {
            // the process ended
        }
    }

}
