package io.switchboard.auth.user;

import io.switchboard.platform.http.TextRules;

/** The validation rules of account fields, shared by every request that carries them. */
public final class UserRules {

    /** 3 to 32 of letters, digits, '.', '_' and '-', starting with a letter or digit. */
    public static final String USERNAME = "^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$";
    public static final String USERNAME_MESSAGE =
            "must be 3 to 32 letters, digits, '.', '_' or '-', starting with a letter or digit";

    /** No control characters; not only white space. */
    public static final String DISPLAY_NAME = "^(?=.*\\S)" + TextRules.LINE_CHAR + "{1,64}$";
    public static final String DISPLAY_NAME_MESSAGE = "must be 1 to 64 characters without control characters";

    public static final int PASSWORD_MIN = 8;
    /** bcrypt reads at most 72 bytes; longer passwords are refused rather than silently truncated. */
    public static final int PASSWORD_MAX_BYTES = 72;
    public static final String PASSWORD_MESSAGE = "must be 8 to 72 characters (at most 72 bytes in UTF-8)";

    private UserRules() {
    }
}
