package io.switchboard.auth.session;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.switchboard.platform.http.TextRules;

/** Request bodies of the session endpoints. */
public final class SessionRequests {

    private SessionRequests() {
    }

    public record Login(
            @NotBlank @Size(max = 254) @Pattern(regexp = TextRules.LINE, message = TextRules.LINE_MESSAGE) String username,
            @NotBlank @Size(max = 1024) @Pattern(regexp = TextRules.SECRET, message = TextRules.SECRET_MESSAGE)
            String password) {
    }

    public record Refresh(
            @NotBlank @Size(max = 200) @Pattern(regexp = TextRules.LINE, message = TextRules.LINE_MESSAGE)
            String refreshToken) {
    }
}
