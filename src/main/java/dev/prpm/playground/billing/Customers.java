package dev.prpm.playground.billing;

import dev.prpm.playground.common.CurrentUser;
import java.util.Optional;
import java.util.UUID;

/**
 * What billing must know about a user right now (a question, not a side effect),
 * implemented by the auth module. Billing owns the interface so that auth may listen to
 * billing's events without a dependency cycle.
 */
public interface Customers {

    boolean exists(UUID userId);

    /**
     * True if the user belongs to at least one verified organisation (org-member
     * pricing).
     */
    boolean isVerifiedOrgMember(UUID userId);

    /**
     * The caller behind an optional {@code Authorization} header value, if it is a valid
     * bearer token.
     */
    Optional<CurrentUser> authenticate(String authorizationHeader);

}
