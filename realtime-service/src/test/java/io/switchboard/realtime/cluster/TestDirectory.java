package io.switchboard.realtime.cluster;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.inject.Vetoed;

import io.switchboard.contracts.realtime.PresenceStatus;
import io.switchboard.realtime.config.TestConfig;

/**
 * A directory without a database, for unit tests: each user's state is what the test put in
 * {@link #states} (offline and never seen otherwise), each query is recorded, and a query fails
 * while {@link #failing} is set. Never a bean: the tests that boot the service use the real one.
 */
@Vetoed
public class TestDirectory extends Directory {

    public static final State NEVER_SEEN = new State(PresenceStatus.OFFLINE, null);

    public final Map<UUID, State> states = new ConcurrentHashMap<>();
    public final List<Set<UUID>> queries = new CopyOnWriteArrayList<>();
    public volatile boolean failing;

    public TestDirectory() {
        super(null, null, TestConfig.defaults());
    }

    @Override
    public Map<UUID, State> states(Collection<UUID> users) {
        queries.add(Set.copyOf(users));
        if (failing) {
            throw new IllegalStateException("the database is away");
        }
        var answer = new HashMap<UUID, State>();
        users.forEach(user -> answer.put(user, states.getOrDefault(user, NEVER_SEEN)));
        return answer;
    }
}
