package dev.prpm.playground.web;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.CharBuffer;
import org.apache.catalina.connector.InputBuffer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each request a small char buffer for {@code getReader()} instead of Tomcat's 8K
 * chars (16 KB, allocated for every request in flight whether it reads characters or not,
 * and not configurable). The buffer still grows when a reader needs more (Tomcat's
 * {@code InputBuffer.makeSpace}); JSON bodies are read as bytes and never touch it. With
 * 10,000 runs in flight that was 160 MB of the heap (docs/performance.md, "10,000 in
 * flight (#15)"). Reaches into Tomcat's private field: if a Tomcat version renames it,
 * this logs once and does nothing.
 */
final class CompactRequestBuffers extends ValveBase {

    private static final Logger log = LoggerFactory.getLogger(CompactRequestBuffers.class);

    private static final VarHandle INPUT_BUFFER;

    private static final VarHandle CHARS;

    static {
        VarHandle input = null;
        VarHandle chars = null;
        try {
            input = MethodHandles.privateLookupIn(Request.class, MethodHandles.lookup())
                .findVarHandle(Request.class, "inputBuffer", InputBuffer.class);
            chars = MethodHandles.privateLookupIn(InputBuffer.class, MethodHandles.lookup())
                .findVarHandle(InputBuffer.class, "cb", CharBuffer.class);
        }
        catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("web.request_buffers.unavailable reason={} (Tomcat's 16 KB per request stays)", e.toString());
            input = null;
            chars = null;
        }
        INPUT_BUFFER = input;
        CHARS = chars;
    }

    private final int chars;

    CompactRequestBuffers(int chars) {
        super(true);
        this.chars = chars;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        shrink(request);
        getNext().invoke(request, response);
    }

    private void shrink(Request request) {
        if (CHARS == null) {
            return;
        }
        InputBuffer input = (InputBuffer) INPUT_BUFFER.get(request);
        CharBuffer current = (CharBuffer) CHARS.get(input);
        if (current != null && current.capacity() > chars && current.position() == 0 && current.limit() == 0) {
            CharBuffer small = CharBuffer.allocate(chars);
            small.limit(0);
            CHARS.set(input, small);
        }
    }

    /** The request's char buffer capacity (tests). */
    static int capacity(Request request) {
        return CHARS == null ? -1 : ((CharBuffer) CHARS.get((InputBuffer) INPUT_BUFFER.get(request))).capacity();
    }

}
