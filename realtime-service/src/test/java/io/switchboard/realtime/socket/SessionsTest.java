package io.switchboard.realtime.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class SessionsTest {

    private final Sessions sessions = new Sessions();
    private final UUID ann = UUID.randomUUID();

    @Test
    void aUserHasAtMostTheLimitOfSocketsAndTheLastOneToCloseIsToldSo() {
        var phone = session("phone", ann);
        var laptop = session("laptop", ann);
        var third = session("third", ann);

        assertThat(sessions.add(phone, 2)).isTrue();
        assertThat(sessions.add(laptop, 2)).isTrue();
        assertThat(sessions.add(third, 2)).as("one more than the limit").isFalse();
        assertThat(sessions.of(ann)).containsExactly(phone, laptop);
        assertThat(sessions.get("third")).isNull();
        assertThat(sessions.count()).isEqualTo(2);

        assertThat(sessions.remove(phone)).as("laptop still open").isFalse();
        assertThat(sessions.remove(phone)).as("removed already").isFalse();
        assertThat(sessions.remove(laptop)).as("the last").isTrue();
        assertThat(sessions.of(ann)).isEmpty();
        assertThat(sessions.contains(laptop)).isFalse();
    }

    @Test
    void socketsOfDifferentUsersDoNotCountAgainstEachOther() {
        var bob = UUID.randomUUID();
        assertThat(sessions.add(session("a", ann), 1)).isTrue();
        assertThat(sessions.add(session("b", bob), 1)).isTrue();
        assertThat(sessions.all()).hasSize(2);
        assertThat(sessions.of(bob)).extracting(ClientSession::userId).containsExactly(bob);
    }

    private static ClientSession session(String id, UUID user) {
        return TestConnections.session(id, user, new ArrayList<>(), 1_000);
    }
}
