package dev.prpm.playground.cluster;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Broadcasts over Redis pub/sub, on channels under the deployment's key prefix. One
 * subscriber connection per instance, opened in the background (startup never waits for
 * Redis) and retried until Redis answers; Lettuce re-subscribes after a reconnect.
 */
final class RedisBroadcasts implements Broadcasts, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RedisBroadcasts.class);

    static final Duration RETRY_EVERY = Duration.ofSeconds(2);

    private final StringRedisTemplate redis;

    private final LettuceConnectionFactory connections;

    private final Cluster cluster;

    private final RedisFailures failures;

    private final Map<String, List<Consumer<String>>> receivers = new ConcurrentHashMap<>();

    private volatile StatefulRedisPubSubConnection<String, String> subscriber;

    private volatile Thread connector;

    private volatile boolean running;

    RedisBroadcasts(StringRedisTemplate redis, LettuceConnectionFactory connections, Cluster cluster,
            RedisFailures failures) {
        this.redis = redis;
        this.connections = connections;
        this.cluster = cluster;
        this.failures = failures;
    }

    @Override
    public void publish(String topic, String message) {
        try {
            redis.convertAndSend(cluster.key(topic), message);
        }
        catch (RuntimeException e) {
            failures.failedOpen("broadcast", e);
        }
    }

    @Override
    public void subscribe(String topic, Consumer<String> receiver) {
        boolean first = !receivers.containsKey(cluster.key(topic));
        receivers.computeIfAbsent(cluster.key(topic), t -> new CopyOnWriteArrayList<>()).add(receiver);
        StatefulRedisPubSubConnection<String, String> connection = subscriber;
        if (first && connection != null) {
            connection.sync().subscribe(cluster.key(topic));
        }
    }

    /** Whether the subscriber connection is up (every channel subscribed). */
    boolean subscribed() {
        StatefulRedisPubSubConnection<String, String> connection = subscriber;
        return connection != null && connection.isOpen();
    }

    @Override
    public void start() {
        running = true;
        connector = Thread.ofVirtual().name("redis-subscriber").start(this::connectUntilStopped);
    }

    private void connectUntilStopped() {
        while (running && subscriber == null) {
            try {
                RedisClient client = (RedisClient) connections.getRequiredNativeClient();
                StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub();
                connection.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        receivers.getOrDefault(channel, List.of()).forEach(receiver -> receiver.accept(message));
                    }
                });
                if (!receivers.isEmpty()) {
                    connection.sync().subscribe(receivers.keySet().toArray(String[]::new));
                }
                subscriber = connection;
                log.info("cluster.subscribed channels={}", receivers.keySet());
            }
            catch (RuntimeException e) {
                failures.failedOpen("subscribe", e);
                try {
                    Thread.sleep(RETRY_EVERY);
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = connector;
        if (thread != null) {
            thread.interrupt();
        }
        StatefulRedisPubSubConnection<String, String> connection = subscriber;
        subscriber = null;
        if (connection != null) {
            connection.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after the connection factory, stops before it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }

}
