package io.switchboard.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class AudiencesTest {

    /** A scope without a service would give a token no service accepts; one with two would open more than it says. */
    @Test
    void everyScopeOpensExactlyOneOfTheServices() {
        assertThat(Audiences.OF_SCOPE.keySet()).containsExactlyInAnyOrderElementsOf(Scopes.ALL);
        assertThat(Audiences.ALL).containsAll(Audiences.OF_SCOPE.values()).doesNotHaveDuplicates();
    }

    @Test
    void aBackendsTokenNamesTheServicesOfItsScopesOnceEachInOneOrder() {
        assertThat(Audiences.forScopes(List.of(Scopes.PUSH))).containsExactly(Audiences.NOTIFICATION);
        assertThat(Audiences.forScopes(List.of(Scopes.PUSH, Scopes.NOTICES))).containsExactly(Audiences.NOTIFICATION);
        assertThat(Audiences.forScopes(List.of(Scopes.MEMBERSHIPS, Scopes.CONTACTS, Scopes.PRESENCE)))
                .containsExactly(Audiences.AUTH, Audiences.CHAT, Audiences.REALTIME);
        assertThat(Audiences.forScopes(Scopes.ALL)).isEqualTo(Audiences.ALL);
    }

    /** Its token opens auth-service's public profiles and nothing else, so it names auth-service alone. */
    @Test
    void aBackendWithoutScopesGetsAuthServiceAlone() {
        assertThat(Audiences.forScopes(List.of())).containsExactly(Audiences.AUTH);
    }

    @Test
    void anUnknownScopeIsRefused() {
        assertThatThrownBy(() -> Audiences.forScopes(List.of("everything"))).isInstanceOf(IllegalArgumentException.class);
    }
}
