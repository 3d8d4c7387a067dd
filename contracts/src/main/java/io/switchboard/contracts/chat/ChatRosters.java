package io.switchboard.contracts.chat;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.UUID;

/**
 * Who each chat event is for, kept by a consumer of the chat event stream instead of carried by
 * every event. A chat's events reach a consumer in the chat's order ({@link Topics#CHAT_EVENTS} is
 * keyed by chat), and only {@code chat.created}, {@code chat.member_added} and
 * {@code chat.member_removed} change who is in it, so a copy of the members taken after event
 * {@code n} stays exact by applying those events from {@code n + 1} on.
 * <p>
 * A copy is used only for the event right after the one it was taken at (or for that same event
 * again, when a batch is retried). Otherwise (a chat not seen yet, a copy evicted, a partition that
 * came back from another consumer) the members before the event are read from chat-service, which
 * knows them at any point of the log ({@code GET /api/memberships/{chat}?before_seq=}). A
 * {@code chat.created} event names every member and needs no read.
 * <p>
 * Bounded by the number of member ids held, least recently used chats going first. Safe for
 * several threads as long as each chat's events are handled by one thread at a time (a Kafka
 * partition's), which is how every consumer reads them.
 */
public final class ChatRosters {

    /** Reads a chat's members after every event before {@code seq}: the members event {@code seq} found. */
    @FunctionalInterface
    public interface Loader {
        Set<UUID> membersBefore(UUID chatId, long seq);
    }

    /**
     * Whether chat-service's answer to the members read says the chat does not exist (404 with
     * code {@code chat_not_found}): then nobody is left to route its event to. Any other 404 is a
     * chat-service that does not serve the read yet (an older version, during a rolling upgrade)
     * and must be waited for, never taken for an empty chat.
     */
    public static boolean chatIsGone(int status, String problemBody) {
        return status == 404 && problemBody != null && problemBody.contains("\"chat_not_found\"");
    }

    /** The members after event {@code seq}, and whom event {@code seq} was for. */
    private record Roster(long seq, Set<UUID> members, Set<UUID> recipients) {
    }

    /** What one event does to a chat's members. */
    private record Step(Set<UUID> recipients, Set<UUID> after) {
    }

    private final Loader loader;
    private final int maxIds;
    private final LinkedHashMap<UUID, Roster> byChat = new LinkedHashMap<>(256, 0.75f, true);
    private int ids;
    private long loads;

    /**
     * @param maxIds how many member ids to keep at most (a 1,000-member chat holds 1,000); beyond
     *               it the least recently used chats are dropped and read again when needed
     */
    public ChatRosters(Loader loader, int maxIds) {
        this.loader = loader;
        this.maxIds = maxIds;
    }

    /**
     * Whom the event is for: the chat's members when it happened, and also a member it removes (so
     * that they learn it). Call it for each of a chat's events in their order; it may read from
     * chat-service, and then throws what that read threw (the caller retries the event).
     */
    public Set<UUID> recipients(ChatEvent event) {
        var chat = event.chatId();
        Roster known;
        synchronized (this) {
            known = byChat.get(chat);
        }
        if (known != null && known.seq() == event.seq()) {
            return known.recipients(); // the same event again (its batch is retried)
        }
        Set<UUID> before;
        if (event.data() instanceof ChatEventData.ChatCreated) {
            before = Set.of();
        } else if (known != null && known.seq() == event.seq() - 1) {
            before = known.members();
        } else {
            before = Set.copyOf(loader.membersBefore(chat, event.seq()));
            synchronized (this) {
                loads++;
            }
        }
        var step = step(before, event.data());
        put(chat, new Roster(event.seq(), step.after(), step.recipients()));
        return step.recipients();
    }

    /** How many times members were read from chat-service (a figure for metrics and tests). */
    public synchronized long loads() {
        return loads;
    }

    /** What an event does, given the members it found. */
    private static Step step(Set<UUID> before, ChatEventData data) {
        return switch (data) {
            case ChatEventData.ChatCreated created -> {
                var members = Set.copyOf(created.memberIds());
                yield new Step(members, members);
            }
            case ChatEventData.MemberAdded added -> {
                if (before.contains(added.userId())) {
                    yield new Step(before, before);
                }
                var after = new HashSet<>(before);
                after.add(added.userId());
                var members = Set.copyOf(after);
                yield new Step(members, members);
            }
            case ChatEventData.MemberRemoved removed -> {
                var after = new HashSet<>(before);
                after.remove(removed.userId());
                var recipients = new HashSet<>(before);
                recipients.add(removed.userId());
                yield new Step(Set.copyOf(recipients), Set.copyOf(after));
            }
            default -> new Step(before, before);
        };
    }

    private synchronized void put(UUID chat, Roster roster) {
        var previous = byChat.put(chat, roster);
        ids += roster.members().size() - (previous == null ? 0 : previous.members().size());
        var eldest = byChat.entrySet().iterator();
        while (ids > maxIds && eldest.hasNext()) {
            var next = eldest.next();
            if (next.getKey().equals(chat)) {
                break; // the newest entry stays, even when it alone is over the bound
            }
            ids -= next.getValue().members().size();
            eldest.remove();
        }
    }
}
