package dev.prpm.playground.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI playgroundOpenApi() {
        return new OpenAPI()
            .info(new Info().title("PRPM+ Playground API")
                .version("v1")
                .description("Test prompt packages against AI models; runs are paid with credits. "
                        + "Errors are RFC 9457 problem+json with a stable `error` code."))
            .components(new Components().addSecuritySchemes("bearer",
                    new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")));
    }

}
