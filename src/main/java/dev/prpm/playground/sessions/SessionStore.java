package dev.prpm.playground.sessions;

import io.micrometer.observation.annotation.Observed;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Conversations: created by a first run, appended by later ones, readable, deletable and
 * shareable by their owner only. Another user's session is "not found", never
 * "forbidden".
 */
@Service
public class SessionStore {

    /** Largest page. */
    public static final int MAX_PAGE_SIZE = 100;

    /** Deepest offset a page number may reach; deeper pages need the cursor. */
    public static final int MAX_OFFSET = 1_000;

    /** Sessions counted at most for {@code total}. */
    public static final int COUNT_CAP = 1_000;

    /** The longest title a session may have. */
    public static final int TITLE_MAX = 200;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SessionRepository sessions;

    private final ApplicationEventPublisher events;

    SessionStore(SessionRepository sessions, ApplicationEventPublisher events) {
        this.sessions = sessions;
        this.events = events;
    }

    /** Creates a session with the id the run chose; joins the run's transaction. */
    @Transactional
    public void create(UUID id, UUID userId, UUID packageId, UUID versionId, String title,
            List<SessionMessage> messages, long credits) {
        create(id, userId, packageId, versionId, title, messages, credits, null);
    }

    /**
     * Creates a session that reruns the shared session {@code forkedFrom} (null: an
     * original); joins the run's transaction.
     */
    @Observed(name = "prpm.session.write", contextualName = "playground.writeSession")
    @Transactional
    public void create(UUID id, UUID userId, UUID packageId, UUID versionId, String title,
            List<SessionMessage> messages, long credits, UUID forkedFrom) {
        sessions.insert(id, userId, packageId, versionId, title, messages, credits, forkedFrom);
    }

    /**
     * The package version and first input of a shared session, for any signed-in viewer
     * to rerun; not found once the link is revoked.
     */
    public SessionViews.ForkSource forkSource(String token) {
        return sessions.forkSource(token).orElseThrow(SessionNotFoundException::new);
    }

    /**
     * Appends messages unless the session would then hold more than {@code maxMessages}
     * (false, nothing written; checked atomically with the append); joins the run's
     * transaction. 404 if the session is not the user's.
     */
    @Observed(name = "prpm.session.write", contextualName = "playground.writeSession")
    @Transactional
    public boolean append(UUID sessionId, UUID userId, List<SessionMessage> messages, long credits, int maxMessages) {
        if (sessions.append(sessionId, userId, messages, credits, maxMessages)) {
            return true;
        }
        if (!sessions.exists(sessionId, userId)) {
            throw new SessionNotFoundException();
        }
        return false;
    }

    public SessionViews.History history(UUID sessionId, UUID userId) {
        return sessions.history(sessionId, userId).orElseThrow(SessionNotFoundException::new);
    }

    /**
     * A page of the user's sessions, newest first: the one after {@code cursor} when
     * given, else page {@code page} by offset (only within the first {@value #MAX_OFFSET}
     * sessions). {@code size} is at most {@value #MAX_PAGE_SIZE}.
     */
    public SessionViews.Page list(UUID userId, UUID packageId, String cursor, int page, int size) {
        int limit = Math.clamp(size, 1, MAX_PAGE_SIZE);
        SessionCursor after = cursor == null || cursor.isBlank() ? null : SessionCursor.decode(cursor);
        long offset = after == null ? (long) page * limit : 0;
        if (offset > MAX_OFFSET) {
            throw new SessionCursor.TooDeep(MAX_OFFSET);
        }
        SessionRepository.Listed listed = sessions.list(userId, packageId, after, (int) offset, limit + 1,
                COUNT_CAP + 1);
        List<SessionViews.Summary> rows = listed.rows();
        boolean more = rows.size() > limit;
        List<SessionViews.Summary> items = more ? rows.subList(0, limit) : rows;
        long total = listed.cappedTotal();
        return new SessionViews.Page(List.copyOf(items), page, limit, Math.min(total, COUNT_CAP), total <= COUNT_CAP,
                more ? SessionCursor.after(items.getLast()).encode() : null);
    }

    public SessionViews.Detail get(UUID sessionId, UUID userId) {
        return sessions.find(sessionId, userId).orElseThrow(SessionNotFoundException::new);
    }

    /**
     * Renames the session (1–{@value #TITLE_MAX} characters after trimming); returns the
     * title kept.
     */
    @Transactional
    public String rename(UUID sessionId, UUID userId, String title) {
        String kept = title == null ? "" : title.strip();
        if (kept.isEmpty() || kept.length() > TITLE_MAX) {
            throw new InvalidTitleException(TITLE_MAX);
        }
        if (!sessions.rename(sessionId, userId, kept)) {
            throw new SessionNotFoundException();
        }
        return kept;
    }

    @Transactional
    public void delete(UUID sessionId, UUID userId) {
        if (!sessions.delete(sessionId, userId)) {
            throw new SessionNotFoundException();
        }
    }

    /**
     * Shares the session under an unguessable token (256 random bits); sharing again
     * returns the same link.
     */
    @Transactional
    public SessionViews.Share share(UUID sessionId, UUID userId) {
        requireOwner(sessionId, userId);
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = sessions.share(sessionId, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        return new SessionViews.Share(token, "/api/v1/playground/shared/" + token);
    }

    @Transactional
    public void unshare(UUID sessionId, UUID userId) {
        requireOwner(sessionId, userId);
        sessions.unshare(sessionId);
    }

    public SessionViews.Shared shared(String token) {
        SessionViews.Detail detail = sessions.findShared(token).orElseThrow(SessionNotFoundException::new);
        List<SessionMessage> publicMessages = detail.messages()
            .stream()
            .map(m -> new SessionMessage(m.role(), m.content(), m.model(), null, m.demo(), null, null, null, null,
                    m.partial(), m.createdAt(), m.noPrompt(), null))
            .toList();
        return new SessionViews.Shared(detail.packageName(), detail.version(), detail.title(), publicMessages,
                detail.createdAt());
    }

    /** The shared session for the public page, counting this view. */
    @Transactional
    public SessionViews.SharedPage viewShared(String token) {
        long views = sessions.countView(token).orElseThrow(SessionNotFoundException::new);
        SessionViews.Detail detail = sessions.findShared(token).orElseThrow(SessionNotFoundException::new);
        return new SessionViews.SharedPage(detail.packageId(), shared(token), detail.creditsSpent(), views);
    }

    /** Rates the session's runs 1–5 (written to their usage rows). */
    @Transactional
    public int rate(UUID sessionId, UUID userId, int rating) {
        requireOwner(sessionId, userId);
        events.publishEvent(new SessionRated(sessionId, userId, rating));
        return sessions.countRuns(sessionId);
    }

    /**
     * Keeps the owner's verdict and comment, and rates the session's runs with it: 5 when
     * effective, 1 when not.
     */
    @Transactional
    public int feedback(UUID sessionId, UUID userId, boolean effective, String comment) {
        requireOwner(sessionId, userId);
        sessions.insertFeedback(sessionId, userId, effective,
                comment == null || comment.isBlank() ? null : comment.strip());
        events.publishEvent(new SessionRated(sessionId, userId, effective ? 5 : 1));
        return sessions.countRuns(sessionId);
    }

    private void requireOwner(UUID sessionId, UUID userId) {
        if (!sessions.owns(sessionId, userId)) {
            throw new SessionNotFoundException();
        }
    }

}
