package dev.prpm.playground.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Heap each open HTTP connection and request in flight costs (Tomcat keeps these buffers
 * for as long as a blocking run waits for the model). Tomcat's defaults are 8 KB each;
 * smaller ones cost only more read/write calls for bodies larger than the buffer.
 * docs/performance.md, "10,000 in flight (#15)", has the measurements.
 *
 * @param socketReadBuffer per connection; also part of the request-header buffer
 * ({@code server.max-http-request-header-size} + this)
 * @param socketWriteBuffer per connection
 * @param responseBuffer per response in flight (bytes, plus twice as much for its char
 * buffer); a larger body is sent chunked
 * @param requestReaderChars the char buffer a request starts with for {@code getReader()}
 * (Tomcat: 8,192 chars, 16 KB); it grows when a reader needs more
 */
@Validated
@ConfigurationProperties("prpm.web.connection")
record ConnectionMemoryProperties(@NotNull @DefaultValue("2KB") DataSize socketReadBuffer,
        @NotNull @DefaultValue("2KB") DataSize socketWriteBuffer, @NotNull @DefaultValue("2KB") DataSize responseBuffer,
        @Min(128) @Max(65_536) @DefaultValue("512") int requestReaderChars) {

    ConnectionMemoryProperties {
        for (DataSize size : new DataSize[] { socketReadBuffer, socketWriteBuffer, responseBuffer }) {
            if (size.toBytes() < 512 || size.toBytes() > 1024 * 1024) {
                throw new IllegalArgumentException("prpm.web.connection buffers must be 512 B to 1 MB, got " + size);
            }
        }
    }

}
