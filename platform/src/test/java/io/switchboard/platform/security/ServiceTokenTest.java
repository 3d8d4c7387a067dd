package io.switchboard.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ws.rs.WebApplicationException;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.StartupEvent;

class ServiceTokenTest {

    private final AtomicInteger issued = new AtomicInteger();
    private final TokenClient auth = credentials -> {
        assertThat(credentials).isEqualTo(new TokenClient.ClientCredentials("realtime-service", "secret"));
        return new TokenClient.Token("token-" + issued.incrementAndGet(), 900);
    };

    @Test
    void aRefusedCallIsMadeOnceMoreWithANewToken() {
        var token = new ServiceToken(auth, "realtime-service", Optional.of("secret"), true);
        var seen = new ArrayList<String>();

        var answer = token.call(bearer -> {
            seen.add(bearer);
            if (seen.size() == 1) {
                throw new WebApplicationException(401);
            }
            return "ok";
        });

        assertThat(answer).isEqualTo("ok");
        assertThat(seen).containsExactly("Bearer token-1", "Bearer token-2");
        assertThat(token.bearer()).as("the new token is kept").isEqualTo("Bearer token-2");
    }

    @Test
    void otherRefusalsAreNotRetried() {
        var token = new ServiceToken(auth, "realtime-service", Optional.of("secret"), false);
        var calls = new AtomicInteger();

        assertThatThrownBy(() -> token.call(bearer -> {
            calls.incrementAndGet();
            throw new WebApplicationException(403);
        })).isInstanceOf(WebApplicationException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void withoutASecretNoTokenIsAskedForAndARequiringServiceDoesNotStart() {
        var optional = new ServiceToken(auth, "notification-service", Optional.of(" "), false);
        var required = new ServiceToken(auth, "realtime-service", Optional.empty(), true);

        assertThat(optional.configured()).isFalse();
        optional.requireSecret(new StartupEvent());
        assertThatThrownBy(optional::bearer).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SWITCHBOARD_SERVICE_CLIENT_SECRET");
        assertThatThrownBy(() -> required.requireSecret(new StartupEvent()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("realtime-service");
        assertThat(issued).hasValue(0);
        assertThat(List.of(optional, required)).noneMatch(ServiceToken::configured);
    }
}
