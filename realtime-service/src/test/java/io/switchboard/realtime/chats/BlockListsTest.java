package io.switchboard.realtime.chats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.switchboard.contracts.block.BlockChange;

class BlockListsTest {

    private final BlockLists lists = new BlockLists();
    private final UUID ann = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID cid = UUID.randomUUID();

    @Test
    void aBlockEitherWayKeepsTheTwoApartUntilEveryBlockBetweenThemIsLifted() {
        lists.userArrived(ann, List.of(), System.nanoTime());
        lists.userArrived(bob, List.of(), System.nanoTime());

        assertThat(lists.apply(change(ann, bob, true))).isEqualTo(Map.of(ann, bob, bob, ann));
        assertThat(lists.apply(change(bob, ann, true))).isEmpty(); // apart already
        assertThat(lists.apart(ann, bob)).isTrue();
        assertThat(lists.apply(change(ann, bob, false))).isEmpty(); // bob's block stands
        assertThat(lists.apart(bob, ann)).isTrue();
        assertThat(lists.apply(change(bob, ann, false))).isEqualTo(Map.of(ann, bob, bob, ann));
        assertThat(lists.apart(ann, bob)).isFalse();
    }

    @Test
    void onlyUsersConnectedHereAreTrackedAndTheirListsGoWhenTheyLeave() {
        lists.userArrived(ann, List.of(new BlockLists.Block(cid, ann)), System.nanoTime());

        assertThat(lists.apply(change(bob, cid, true))).isEmpty();
        assertThat(lists.apart(ann, cid)).isTrue();
        assertThat(lists.removeApart(ann, new HashSet<>(Set.of(bob, cid)))).containsExactly(bob);

        lists.userLeft(ann);
        assertThat(lists.apart(ann, cid)).isFalse();
    }

    @Test
    void changesReadWhileAListingWasUnderWayAreAppliedToItInOrder() {
        long asked = System.nanoTime();
        lists.apply(change(ann, bob, true)); // read while chat-service was being asked
        lists.apply(change(ann, bob, false));
        lists.apply(change(cid, ann, true));

        lists.userArrived(ann, List.of(new BlockLists.Block(ann, bob)), asked); // listed before the unblock

        assertThat(lists.apart(ann, bob)).isFalse();
        assertThat(lists.apart(ann, cid)).isTrue();
    }

    private static BlockChange change(UUID blocker, UUID blocked, boolean block) {
        return new BlockChange(blocker, blocked, block, Instant.now());
    }
}
