package io.switchboard.auth.user;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.switchboard.auth.config.AuthConfig;

/** bcrypt (WildFly Elytron's implementation) with a configurable cost. */
@ApplicationScoped
public class Passwords {

    private final int cost;
    /** A real hash to check against when the account does not exist, so both cases take as long. */
    private final String decoy;

    public Passwords(AuthConfig config) {
        this.cost = config.bcryptCost();
        this.decoy = BcryptUtil.bcryptHash("decoy-password-for-unknown-accounts", cost);
    }

    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, cost);
    }

    public boolean matches(String password, String hash) {
        return BcryptUtil.matches(password, hash);
    }

    /** Spends the time a real check would, for an account that does not exist. */
    public void matchDecoy(String password) {
        BcryptUtil.matches(password, decoy);
    }
}
