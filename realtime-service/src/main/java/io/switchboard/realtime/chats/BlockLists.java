package io.switchboard.realtime.chats;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.contracts.block.BlockChange;

/**
 * The blocks of the users connected here, either way: two users kept apart (one blocked the
 * other) see neither the other's presence nor their typing, whatever chats they share. Listed by
 * chat-service when a user's first socket opens, kept current by the block changes every instance
 * reads, forgotten when their last socket here closes.
 *
 * <p>A change read while a user's listing was under way may or may not be in it: the changes of
 * the last minute are kept, and those read since the listing was asked for are applied to it
 * again, in order (applying a change twice leaves what applying it once does).
 */
@ApplicationScoped
public class BlockLists {

    /** {@code blocker} blocked {@code blocked}. */
    public record Block(UUID blocker, UUID blocked) {
    }

    private record Read(long atNanos, BlockChange change) {
    }

    private static final long KEPT_NANOS = Duration.ofMinutes(1).toNanos();

    private final Map<UUID, Set<Block>> byLocalUser = new HashMap<>();
    private final ArrayDeque<Read> recent = new ArrayDeque<>();

    /** A user's first socket here opened; {@code askedAtNanos}: when their listing was asked for. */
    public synchronized void userArrived(UUID userId, Collection<Block> blocks, long askedAtNanos) {
        var theirs = new HashSet<Block>();
        for (var block : blocks) {
            if (block.blocker().equals(userId) || block.blocked().equals(userId)) {
                theirs.add(block);
            }
        }
        byLocalUser.put(userId, theirs);
        for (var read : recent) {
            if (read.atNanos() - askedAtNanos >= 0 && involves(read.change(), userId)) {
                apply(theirs, read.change());
            }
        }
    }

    /** The user's last socket here closed. */
    public synchronized void userLeft(UUID userId) {
        byLocalUser.remove(userId);
    }

    /**
     * A block or unblock read from chat-service's changes; answers the users connected here whom
     * it concerns, each with the other user of the pair, whose being apart from them it changed.
     */
    public synchronized Map<UUID, UUID> apply(BlockChange change) {
        long now = System.nanoTime();
        recent.addLast(new Read(now, change));
        while (!recent.isEmpty() && now - recent.peekFirst().atNanos() > KEPT_NANOS) {
            recent.removeFirst();
        }
        var changed = new HashMap<UUID, UUID>(2);
        for (var pair : List.of(List.of(change.blockerId(), change.blockedId()),
                List.of(change.blockedId(), change.blockerId()))) {
            var local = pair.get(0);
            var other = pair.get(1);
            var theirs = byLocalUser.get(local);
            if (theirs != null) {
                boolean before = apart(theirs, local, other);
                apply(theirs, change);
                if (before != apart(theirs, local, other)) {
                    changed.put(local, other);
                }
            }
        }
        return changed;
    }

    /** Whether {@code localUser} (connected here) and {@code other} are kept apart: either blocked the other. */
    public synchronized boolean apart(UUID localUser, UUID other) {
        var theirs = byLocalUser.get(localUser);
        return theirs != null && apart(theirs, localUser, other);
    }

    /** Removes from {@code users} those kept apart from {@code localUser}; answers {@code users}. */
    public synchronized <T extends Collection<UUID>> T removeApart(UUID localUser, T users) {
        var theirs = byLocalUser.get(localUser);
        if (theirs != null && !theirs.isEmpty()) {
            for (var block : theirs) {
                users.remove(block.blocker().equals(localUser) ? block.blocked() : block.blocker());
            }
        }
        return users;
    }

    private static boolean apart(Set<Block> blocks, UUID user, UUID other) {
        return blocks.contains(new Block(user, other)) || blocks.contains(new Block(other, user));
    }

    private static void apply(Set<Block> blocks, BlockChange change) {
        var block = new Block(change.blockerId(), change.blockedId());
        if (change.blocked()) {
            blocks.add(block);
        } else {
            blocks.remove(block);
        }
    }

    private static boolean involves(BlockChange change, UUID user) {
        return change.blockerId().equals(user) || change.blockedId().equals(user);
    }
}
