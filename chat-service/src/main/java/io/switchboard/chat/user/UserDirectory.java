package io.switchboard.chat.user;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.switchboard.chat.ChatErrors;
import io.switchboard.platform.http.ApiException;

/** Asks auth-service whether users exist before they are put in a chat, and who a mention names. */
@ApplicationScoped
public class UserDirectory {

    private static final Logger LOG = Logger.getLogger(UserDirectory.class);

    private final AuthUsersClient auth;

    public UserDirectory(@RestClient AuthUsersClient auth) {
        this.auth = auth;
    }

    /** Throws 404 user_not_found naming the first id auth-service does not know. */
    public void requireExisting(Collection<UUID> userIds, String bearer) {
        for (UUID id : userIds) {
            int status;
            try (var response = auth.get(bearer, id)) {
                status = response.getStatus();
            } catch (WebApplicationException e) {
                status = e.getResponse().getStatus();
            } catch (RuntimeException e) {
                throw unavailable(e);
            }
            if (status == 404) {
                throw new ApiException(404, ChatErrors.USER_NOT_FOUND, "No user " + id + ".");
            }
            if (status != 200) {
                throw unavailable(new IllegalStateException("status " + status));
            }
        }
    }

    /**
     * The ids of the users with these usernames; names no one has are left out. No call when
     * there is no name. Throws 503 directory_unavailable when auth-service does not answer.
     */
    public List<UUID> idsOfUsernames(Collection<String> usernames, String bearer) {
        if (usernames.isEmpty()) {
            return List.of();
        }
        try {
            return auth.byUsernames(bearer, String.join(",", usernames)).stream().map(AuthUsersClient.Named::id).toList();
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    private static ApiException unavailable(RuntimeException e) {
        LOG.warnf("auth-service did not answer a user lookup: %s", e.toString());
        return new ApiException(503, ChatErrors.DIRECTORY_UNAVAILABLE,
                "Users cannot be checked right now; try again shortly.");
    }
}
