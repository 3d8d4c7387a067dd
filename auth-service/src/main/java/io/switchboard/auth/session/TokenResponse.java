package io.switchboard.auth.session;

import io.switchboard.auth.user.UserView;

/** What login and refresh answer. */
public record TokenResponse(String accessToken, String refreshToken, String tokenType, long expiresIn,
                            long refreshExpiresIn, UserView user) {
}
