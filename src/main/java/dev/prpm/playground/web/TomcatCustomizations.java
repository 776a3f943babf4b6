package dev.prpm.playground.web;

import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
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
 * </ul>
 */
@Component
class TomcatCustomizations implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> connector.setEncodedSolidusHandling("passthrough"));
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
