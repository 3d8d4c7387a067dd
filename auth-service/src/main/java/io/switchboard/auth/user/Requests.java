package io.switchboard.auth.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the account endpoints. */
public final class Requests {

    private Requests() {
    }

    public record Register(
            @NotNull @Pattern(regexp = UserRules.USERNAME, message = UserRules.USERNAME_MESSAGE) String username,
            @NotNull @Password String password,
            @Pattern(regexp = UserRules.DISPLAY_NAME, message = UserRules.DISPLAY_NAME_MESSAGE) String displayName,
            @Email @Size(max = 254) String email) {
    }

    /** Only the fields present change; an empty {@code email} removes the address. */
    public record UpdateMe(
            @Pattern(regexp = UserRules.DISPLAY_NAME, message = UserRules.DISPLAY_NAME_MESSAGE) String displayName,
            @Email @Size(max = 254) String email) {
    }

    public record ChangePassword(@NotNull String currentPassword, @NotNull @Password String newPassword) {
    }
}
