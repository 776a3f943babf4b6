package dev.prpm.playground.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue #15: the connector keeps smaller buffers per connection and per response in
 * flight ({@code prpm.web.connection.*}), and a body larger than the response buffer is
 * still sent whole (chunked).
 */
@IntegrationTest
class ConnectionMemoryTest {

    @Autowired
    ServletWebServerApplicationContext context;

    @Autowired
    Api api;

    @Test
    void theConnectorUsesTheConfiguredBuffers() {
        Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
        assertThat(connector.getProtocolHandler()).isInstanceOfSatisfying(CompactHttp11NioProtocol.class,
                protocol -> assertThat(protocol.getDesiredBufferSize()).isEqualTo(2048));
        assertThat(String.valueOf(connector.getProperty("socket.appReadBufSize"))).isEqualTo("2048");
        assertThat(String.valueOf(connector.getProperty("socket.appWriteBufSize"))).isEqualTo("2048");
    }

    @Test
    void aResponseLargerThanItsBufferArrivesWhole() {
        Api.Response response = api.get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().length()).isGreaterThan(10 * 2048);
        assertThat(JsonMapper.builder().build().readTree(response.body()).path("paths").size()).isPositive();
    }

}
