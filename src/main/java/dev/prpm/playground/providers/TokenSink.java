package dev.prpm.playground.providers;

/** Receives streamed text as it arrives. */
@FunctionalInterface
public interface TokenSink {

    void onDelta(String text);

}
