package io.switchboard.auth.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.switchboard.platform.http.TextRules;

/** Request bodies of the account endpoints. */
public final class UserRequests {

    private UserRequests() {
    }

    public record Register(
            @NotNull @Pattern(regexp = UserRules.USERNAME, message = UserRules.USERNAME_MESSAGE) String username,
            @NotNull @Password @Pattern(regexp = TextRules.SECRET, message = TextRules.SECRET_MESSAGE) String password,
            @Pattern(regexp = UserRules.DISPLAY_NAME, message = UserRules.DISPLAY_NAME_MESSAGE) String displayName,
            @Email @Size(max = 254) @Pattern(regexp = TextRules.LINE, message = TextRules.LINE_MESSAGE) String email) {
    }

    /** Only the fields present change; an empty {@code email} removes the address. */
    public record UpdateMe(
            @Pattern(regexp = UserRules.DISPLAY_NAME, message = UserRules.DISPLAY_NAME_MESSAGE) String displayName,
            @Email @Size(max = 254) @Pattern(regexp = TextRules.LINE, message = TextRules.LINE_MESSAGE) String email) {
    }

    public record ChangePassword(
            @NotNull @Pattern(regexp = TextRules.SECRET, message = TextRules.SECRET_MESSAGE) String currentPassword,
            @NotNull @Password @Pattern(regexp = TextRules.SECRET, message = TextRules.SECRET_MESSAGE) String newPassword) {
    }
}
