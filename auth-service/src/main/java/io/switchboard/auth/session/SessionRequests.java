package io.switchboard.auth.session;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Request bodies of the session endpoints. */
public final class SessionRequests {

    private SessionRequests() {
    }

    public record Login(@NotBlank @Size(max = 254) String username, @NotBlank @Size(max = 1024) String password) {
    }

    public record Refresh(@NotBlank @Size(max = 200) String refreshToken) {
    }
}
