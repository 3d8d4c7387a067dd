package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * A client granted a scope that does not exist (a typo) stops auth-service at start-up, naming the
 * client, the scope and the scopes there are, rather than leaving a backend without what it needs.
 */
@QuarkusMainTest
@TestProfile(UnknownScopeTest.MisspeltScope.class)
class UnknownScopeTest {

    public static class MisspeltScope implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.clients", "test-backend:test-secret,todo-backend:todo-secret:push+notice");
        }
    }

    @Test
    void authServiceDoesNotStart(QuarkusMainLauncher launcher) throws Exception {
        // launched on another thread and waited for with a bound: were the entries read only when a
        // backend first asks for a token, the service would start and run on, and a plain launch
        // would wait for it for ever instead of failing
        var result = CompletableFuture.supplyAsync(() -> launcher.launch()).get(2, TimeUnit.MINUTES);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput() + result.getOutput())
                .contains("AUTH_CLIENTS")
                .contains("client 'todo-backend' is granted unknown scope 'notice'")
                .contains("push, notices, presence, contacts, memberships")
                .doesNotContain("todo-secret");
    }
}
