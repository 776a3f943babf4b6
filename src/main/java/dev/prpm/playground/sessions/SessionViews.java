package dev.prpm.playground.sessions;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Read models of sessions. */
public final class SessionViews {

    private SessionViews() {
    }

    /** A session in a listing. */
    public record Summary(UUID id, UUID packageId, String packageName, String version, String title, int messageCount,
            long creditsSpent, boolean shared, Instant createdAt, Instant updatedAt) {
    }

    /**
     * A session with its conversation; {@code forkedFrom}: the shared session it reruns
     * (null for an original).
     */
    public record Detail(UUID id, UUID packageId, String packageName, String version, String title,
            List<SessionMessage> messages, long creditsSpent, String shareToken, Instant createdAt, Instant updatedAt,
            UUID forkedFrom) {
    }

    /**
     * What a viewer of a shared session may rerun: its package version and first input
     * (the owner and what they paid stay private).
     */
    public record ForkSource(UUID sessionId, UUID packageId, UUID packageVersionId, String input) {
    }

    /** What anyone with the share link sees: no owner, no credits. */
    public record Shared(String packageName, String version, String title, List<SessionMessage> messages,
            Instant createdAt) {
    }

    /** The conversation to continue: package version and the messages so far. */
    public record History(UUID sessionId, UUID packageId, UUID packageVersionId, List<SessionMessage> messages) {
    }

    /**
     * The public shared page: the shared conversation, what it cost and how often the
     * link was viewed (this view included).
     */
    public record SharedPage(UUID packageId, Shared session, long creditsSpent, long views) {
    }

    /** A share link. */
    public record Share(String token, String url) {
    }

}
