package io.switchboard.auth.error;

/** Error codes of auth-service, beside the shared ones in contracts' ErrorCodes. */
public final class AuthErrors {

    public static final String INVALID_CREDENTIALS = "invalid_credentials";
    public static final String INVALID_CLIENT = "invalid_client";
    public static final String INVALID_REFRESH_TOKEN = "invalid_refresh_token";
    public static final String REFRESH_TOKEN_REUSED = "refresh_token_reused";
    public static final String USERNAME_TAKEN = "username_taken";
    public static final String EMAIL_TAKEN = "email_taken";
    public static final String WRONG_PASSWORD = "wrong_password";
    public static final String USER_NOT_FOUND = "user_not_found";
    public static final String ACCOUNT_DEACTIVATED = "account_deactivated";
    public static final String CANNOT_DEACTIVATE_SELF = "cannot_deactivate_self";

    private AuthErrors() {
    }
}
