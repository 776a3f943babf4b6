package dev.prpm.playground.cluster;

import java.util.function.Consumer;

/**
 * Messages to every instance of the deployment, this one included (Redis pub/sub; in
 * single-node mode delivered in-process). Fire and forget: an instance that is not
 * connected at that moment misses the message, so receivers use it only to drop what they
 * would otherwise keep for a bounded time.
 */
public interface Broadcasts {

    void publish(String topic, String message);

    /** Calls {@code receiver} with every message later published on {@code topic}. */
    void subscribe(String topic, Consumer<String> receiver);

}
