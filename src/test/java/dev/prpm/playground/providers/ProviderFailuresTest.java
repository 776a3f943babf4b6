package dev.prpm.playground.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ProviderFailuresTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void retryAfterMillisWinsOverSeconds() {
        assertThat(retryAfter(Map.of("retry-after-ms", "1500", "retry-after", "9"))).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void retryAfterAcceptsFractionalSecondsAndDates() {
        assertThat(retryAfter(Map.of("retry-after", "0.5"))).isEqualTo(Duration.ofMillis(500));
        assertThat(retryAfter(Map.of("retry-after", "Tue, 01 Jan 2030 00:00:12 GMT")))
            .isEqualTo(Duration.ofSeconds(12));
        assertThat(retryAfter(Map.of("retry-after", "Mon, 31 Dec 2029 23:00:00 GMT"))).isEqualTo(Duration.ZERO);
    }

    @Test
    void missingOrGarbageRetryAfterIsNull() {
        assertThat(retryAfter(Map.of())).isNull();
        assertThat(retryAfter(Map.of("retry-after", "soon"))).isNull();
        assertThat(retryAfter(Map.of("retry-after-ms", "x"))).isNull();
    }

    @Test
    void statusesMapToKinds() {
        assertThat(kind(429)).isEqualTo(ProviderException.Kind.RATE_LIMITED);
        assertThat(kind(408)).isEqualTo(ProviderException.Kind.TIMEOUT);
        assertThat(kind(503)).isEqualTo(ProviderException.Kind.SERVER_ERROR);
        assertThat(kind(529)).isEqualTo(ProviderException.Kind.SERVER_ERROR);
        assertThat(kind(401)).isEqualTo(ProviderException.Kind.CLIENT_ERROR);
        assertThat(kind(404)).isEqualTo(ProviderException.Kind.CLIENT_ERROR);
    }

    @Test
    void clientErrorsIgnoreRetryAfter() {
        ProviderException e = ProviderFailures.fromStatus("p", 400, name -> List.of("5"), null, CLOCK);

        assertThat(e.retryAfter()).isNull();
    }

    @Test
    void transportFailuresAreTimeoutsConnectionFailuresOrBrokenStreams() {
        IOException timeout = new IOException("wrapped", new SocketTimeoutException("read timed out"));

        assertThat(ProviderFailures.fromTransport("p", new RuntimeException(timeout), false).kind())
            .isEqualTo(ProviderException.Kind.TIMEOUT);
        assertThat(ProviderFailures.fromTransport("p", new IOException("reset"), false).kind())
            .isEqualTo(ProviderException.Kind.CONNECTION);
        assertThat(ProviderFailures.fromTransport("p", timeout, true).kind())
            .isEqualTo(ProviderException.Kind.STREAM_BROKEN);
        assertThat(ProviderFailures.truncated("p", true).kind()).isEqualTo(ProviderException.Kind.STREAM_BROKEN);
    }

    private static ProviderException.Kind kind(int status) {
        return ProviderFailures.fromStatus("p", status, name -> List.of(), null, CLOCK).kind();
    }

    private static Duration retryAfter(Map<String, String> headers) {
        Function<String, List<String>> lookup = name -> headers.containsKey(name) ? List.of(headers.get(name))
                : List.of();
        return ProviderFailures.retryAfter(lookup, CLOCK);
    }

}
