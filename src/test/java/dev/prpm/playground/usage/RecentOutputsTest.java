package dev.prpm.playground.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.runs.OutputHistory;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue #15: a package with too few samples is not read once per run (a burst of runs of
 * a new package queued on that read); its "too few samples" is kept a few seconds, enough
 * samples are kept five minutes.
 */
class RecentOutputsTest {

    private final AtomicInteger reads = new AtomicInteger();

    private final AtomicReference<Optional<OutputHistory.Lengths>> stored = new AtomicReference<>(Optional.empty());

    private final AtomicLong nanos = new AtomicLong();

    private final RecentOutputs outputs = new RecentOutputs(new UsageRepository(null) {
        @Override
        Optional<OutputHistory.Lengths> outputLengths(UUID packageId, String model, int minSamples) {
            reads.incrementAndGet();
            return stored.get();
        }
    }, nanos::get);

    private final UUID pkg = UUID.randomUUID();

    @Test
    void aBurstOfRunsOfANewPackageReadsTheHistoryOnce() {
        try (ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 1_000; i++) {
                runs.execute(() -> assertThat(outputs.outputLengths(pkg, "sonnet")).isEmpty());
            }
        }
        assertThat(reads).hasValue(1);
    }

    @Test
    void tooFewSamplesAreAskedAgainAfterAFewSecondsEnoughAreKeptLonger() {
        assertThat(outputs.outputLengths(pkg, "sonnet")).isEmpty();
        stored.set(Optional.of(new OutputHistory.Lengths(100, 400)));
        nanos.addAndGet(RecentOutputs.FEW_SAMPLES_TTL.toNanos() - 1);
        assertThat(outputs.outputLengths(pkg, "sonnet")).as("still the cached answer").isEmpty();
        nanos.addAndGet(2);
        assertThat(outputs.outputLengths(pkg, "sonnet")).contains(new OutputHistory.Lengths(100, 400));
        assertThat(reads).hasValue(2);
        stored.set(Optional.empty());
        nanos.addAndGet(RecentOutputs.KNOWN_TTL.toNanos() - 1);
        assertThat(outputs.outputLengths(pkg, "sonnet")).isPresent();
        assertThat(reads).hasValue(2);
    }

    @Test
    void aRecordedRunMakesTooFewSamplesBeReadAgainButKeepsKnownLengths() {
        assertThat(outputs.outputLengths(pkg, "sonnet")).isEmpty();
        stored.set(Optional.of(new OutputHistory.Lengths(100, 400)));
        outputs.recorded(pkg, "sonnet");
        assertThat(outputs.outputLengths(pkg, "sonnet")).as("read again at once")
            .contains(new OutputHistory.Lengths(100, 400));
        stored.set(Optional.of(new OutputHistory.Lengths(120, 500)));
        outputs.recorded(pkg, "sonnet");
        assertThat(outputs.outputLengths(pkg, "sonnet")).as("known lengths stay cached")
            .contains(new OutputHistory.Lengths(100, 400));
        assertThat(reads).hasValue(2);
    }

}
