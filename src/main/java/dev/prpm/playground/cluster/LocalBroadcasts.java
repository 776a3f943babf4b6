package dev.prpm.playground.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Single-node broadcasts: the only instance is this one, so delivery is a direct call.
 */
final class LocalBroadcasts implements Broadcasts {

    private final Map<String, List<Consumer<String>>> receivers = new ConcurrentHashMap<>();

    @Override
    public void publish(String topic, String message) {
        receivers.getOrDefault(topic, List.of()).forEach(receiver -> receiver.accept(message));
    }

    @Override
    public void subscribe(String topic, Consumer<String> receiver) {
        receivers.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(receiver);
    }

}
