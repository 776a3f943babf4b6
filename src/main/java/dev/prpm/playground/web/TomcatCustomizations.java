package dev.prpm.playground.web;

import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.http11.Http11NioProtocol;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * The embedded Tomcat as PRPM clients need it.
 * <ul>
 * <li>Encoded slashes ({@code %2F}) in paths pass through still encoded (Spring Boot 4.1
 * has no property for it): the {@code prpm} CLI looks packages up as
 * {@code /api/v1/packages/%40scope%2Fname}. They never split a path segment, so
 * {@code ..%2F} cannot traverse, and {@code %25} stays encoded too (no double
 * decoding).</li>
 * <li>The container's own error page (Tomcat's HTML) is replaced by
 * {@link ProblemReportValve}. Runs after Spring Boot's customizer, which adds a plain
 * {@link ErrorReportValve} to the host.</li>
 * <li>Smaller per-connection buffers ({@link ConnectionMemoryProperties}): a run in
 * flight keeps its connection's and its response's buffers while it waits for the
 * model.</li>
 * </ul>
 */
@Component
class TomcatCustomizations implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

    private final ConnectionMemoryProperties memory;

    TomcatCustomizations(ConnectionMemoryProperties memory) {
        this.memory = memory;
    }

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        if (factory instanceof TomcatWebServerFactory tomcat
                && Http11NioProtocol.class.getName().equals(tomcat.getProtocol())) {
            tomcat.setProtocol(CompactHttp11NioProtocol.class.getName());
        }
        factory.addConnectorCustomizers(connector -> {
            connector.setEncodedSolidusHandling("passthrough");
            connector.setProperty("socket.appReadBufSize", Long.toString(memory.socketReadBuffer().toBytes()));
            connector.setProperty("socket.appWriteBufSize", Long.toString(memory.socketWriteBuffer().toBytes()));
            if (connector.getProtocolHandler() instanceof CompactHttp11NioProtocol compact) {
                compact.setResponseBufferSize((int) memory.responseBuffer().toBytes());
            }
        });
        factory.addEngineValves(new CompactRequestBuffers(memory.requestReaderChars()));
        factory.addContextCustomizers(context -> useProblemReports(context.getParent()));
    }

    private static void useProblemReports(Container host) {
        Pipeline pipeline = host.getPipeline();
        for (Valve valve : pipeline.getValves()) {
            if (valve instanceof ErrorReportValve) {
                pipeline.removeValve(valve);
            }
        }
        pipeline.addValve(new ProblemReportValve());
        if (host instanceof StandardHost standard) {
            // otherwise the host adds Tomcat's default report valve again when it starts
            standard.setErrorReportValveClass(ProblemReportValve.class.getName());
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

}
