package io.switchboard.devstack;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points a service under test at {@link TestTokens}' JWKS, so tests can mint accepted tokens. */
public class JwtTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return TestTokens.get().verificationConfig();
    }

    @Override
    public void stop() {
        // the key lives as long as the test JVM
    }
}
