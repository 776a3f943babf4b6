package dev.prpm.playground.cluster;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Redis settings.
 *
 * @param url {@code redis://[user:password@]host:port[/db]} ({@code rediss://} for TLS);
 * blank means single-node mode (everything in-process)
 * @param keyPrefix prefix of every key and channel this app uses (instances of one
 * deployment share it; tests use their own)
 * @param timeout longest a Redis command may take before the caller fails open
 * @param connectTimeout longest a (re)connection attempt may take
 */
@Validated
@ConfigurationProperties("prpm.redis")
record RedisProperties(String url, @NotBlank @DefaultValue("prpm:") String keyPrefix,
        @NotNull @DefaultValue("1s") Duration timeout, @NotNull @DefaultValue("2s") Duration connectTimeout) {

    boolean configured() {
        return url != null && !url.isBlank();
    }

}
