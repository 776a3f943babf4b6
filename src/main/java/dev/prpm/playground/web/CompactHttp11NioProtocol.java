package dev.prpm.playground.web;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's NIO HTTP/1.1 protocol with a configurable servlet response buffer. Tomcat
 * gives every response in flight an 8 KB byte buffer and an 8K-char (16 KB) char buffer
 * unless the protocol asks for another size, and only AJP does; with 10,000 runs in
 * flight that was 240 MB of the heap (8 KB + 16 KB each) (docs/performance.md, "10,000 in
 * flight (#15)"). Public only because Tomcat creates the protocol by class name.
 */
public class CompactHttp11NioProtocol extends Http11NioProtocol {

    private volatile int responseBufferSize = -1;

    /** Bytes a response buffers before it is committed; -1 keeps Tomcat's 8 KB. */
    void setResponseBufferSize(int responseBufferSize) {
        this.responseBufferSize = responseBufferSize;
    }

    @Override
    public int getDesiredBufferSize() {
        return responseBufferSize;
    }

}
