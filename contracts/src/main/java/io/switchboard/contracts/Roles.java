package io.switchboard.contracts;

/** The roles carried in an access token's {@code groups} claim. */
public final class Roles {

    /** Every registered person. */
    public static final String USER = "user";
    /** Operators: may send system notices and moderate. */
    public static final String ADMIN = "admin";
    /** Other backends, authenticated with client credentials. */
    public static final String SERVICE = "service";

    private Roles() {
    }
}
