package dev.prpm.playground.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.junit.jupiter.api.Test;

/**
 * Issue #15: a request in flight starts with a small reader buffer instead of Tomcat's
 * 8,192 chars.
 */
class CompactRequestBuffersTest {

    @Test
    void theRequestsCharBufferIsSmallWhenTheApplicationSeesIt() throws Exception {
        Request request = new Request(new Connector("HTTP/1.1"), new org.apache.coyote.Request());
        assertThat(CompactRequestBuffers.capacity(request)).isEqualTo(8192);
        AtomicInteger seen = new AtomicInteger();
        CompactRequestBuffers valve = new CompactRequestBuffers(512);
        valve.setNext(new ValveBase() {
            @Override
            public void invoke(Request request, Response response) {
                seen.set(CompactRequestBuffers.capacity(request));
            }
        });
        valve.invoke(request, null);
        assertThat(seen).hasValue(512);
        request.recycle();
        valve.invoke(request, null);
        assertThat(seen).as("still small after the request object is reused").hasValue(512);
    }

}
