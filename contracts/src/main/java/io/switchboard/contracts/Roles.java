package io.switchboard.contracts;

/** The roles carried in an access token's {@code groups} claim (beside a service's {@link Scopes}). */
public final class Roles {

    /** Every registered person. */
    public static final String USER = "user";
    /** Operators: may send system notices and moderate. */
    public static final String ADMIN = "admin";
    /**
     * Other backends, authenticated with client credentials. The role alone opens no service-only
     * endpoint: each needs its scope ({@link Scopes}), granted per client.
     */
    public static final String SERVICE = "service";

    private Roles() {
    }
}
