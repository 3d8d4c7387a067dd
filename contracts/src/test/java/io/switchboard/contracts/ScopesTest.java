package io.switchboard.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class ScopesTest {

    /** Endpoints name scopes and roles in the same {@code @RolesAllowed}: a role named like a scope would pass its check. */
    @Test
    void noRoleIsNamedLikeAScope() {
        assertThat(constants(Roles.class)).doesNotContainAnyElementsOf(Scopes.ALL);
    }

    @Test
    void everyScopeIsListedOnce() {
        assertThat(Scopes.ALL).containsExactlyInAnyOrderElementsOf(constants(Scopes.class)).doesNotHaveDuplicates();
    }

    /** Scopes are written {@code a+b} in AUTH_CLIENTS and {@code a b} in the token's claim. */
    @Test
    void scopeNamesAreSingleLowerCaseWords() {
        assertThat(Scopes.ALL).allMatch(scope -> scope.matches("[a-z]+"));
    }

    private static List<String> constants(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(f -> {
                    try {
                        return (String) f.get(null);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }
}
