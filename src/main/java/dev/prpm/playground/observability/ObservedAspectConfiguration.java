package dev.prpm.playground.observability;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.aop.ObservedAspect;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code @Observed} aspect without Spring Boot's key-value annotation handler:
 * nothing here uses {@code @ObservationKeyValue}, and the handler looked the annotated
 * method up by reflection ({@code Class.getDeclaredMethod}) twice per observed call —
 * seven calls per run (docs/performance.md, run path profile).
 */
@Configuration(proxyBeanMethods = false)
class ObservedAspectConfiguration {

    @Bean
    ObservedAspect observedAspect(ObservationRegistry observations) {
        return new ObservedAspect(observations);
    }

}
