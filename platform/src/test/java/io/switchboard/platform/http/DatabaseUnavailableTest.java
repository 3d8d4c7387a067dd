package io.switchboard.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {

    @Test
    void connectionFailuresAndRestartsAreTheDatabaseBeingUnavailable() {
        assertThat(ProblemMapper.isDatabaseUnavailable(new SQLException("refused", "08001"))).isTrue();
        assertThat(ProblemMapper.isDatabaseUnavailable(new SQLException("I/O error", "08006"))).isTrue();
        assertThat(ProblemMapper.isDatabaseUnavailable(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(ProblemMapper.isDatabaseUnavailable(new SQLException("Sorry, acquisition timeout!"))).isTrue();
        assertThat(ProblemMapper.isDatabaseUnavailable(
                new SQLException("Acquisition timeout while waiting for new connection"))).isTrue();
        assertThat(ProblemMapper.isDatabaseUnavailable(new SQLTransientConnectionException("gone"))).isTrue();
        assertThat(ProblemMapper.isDatabaseUnavailable(
                new IllegalStateException("wrapped", new RuntimeException(new SQLException("x", "08003"))))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(ProblemMapper.isDatabaseUnavailable(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(ProblemMapper.isDatabaseUnavailable(new SQLException("no state"))).isFalse();
        assertThat(ProblemMapper.isDatabaseUnavailable(new IllegalStateException("bug"))).isFalse();
    }
}
