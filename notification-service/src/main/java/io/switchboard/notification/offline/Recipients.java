package io.switchboard.notification.offline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.TopicPartition;

import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.notification.members.ChatMembers;

/**
 * Whom the events of a partition's share are for, from {@link ChatMembers}. A share is resolved
 * on its consumer's thread in offset order, so each chat's events come in order from one thread
 * at a time, as ChatMembers needs.
 * <p>
 * What was resolved is kept until the share is stored. A share tried again (the database was
 * down, or chat-service failed for one of its chats) finds its events here: ChatMembers' copy of
 * each chat is past them by then, so asking it again would read every chat of the share from
 * chat-service at every retry. Recipients of an event never change, so what is kept is right
 * whichever consumer stores it; it goes once stored, or when the partition is given up.
 */
@ApplicationScoped
public class Recipients {

    private record EventKey(UUID chatId, long seq) {
    }

    private final Function<ChatEvent, Set<UUID>> members;
    private final Map<TopicPartition, Map<EventKey, Set<UUID>>> unstored = new ConcurrentHashMap<>();

    @Inject
    public Recipients(ChatMembers members) {
        this(members::recipients);
    }

    Recipients(Function<ChatEvent, Set<UUID>> members) {
        this.members = members;
    }

    /**
     * Each event of the share with its recipients. Throws what reading a chat's members threw
     * (chat-service down): the share waits and is tried again, nothing of it is skipped.
     */
    List<Addressed> of(PartitionEvents share) {
        var known = unstored.computeIfAbsent(share.partition(), partition -> new ConcurrentHashMap<>());
        var addressed = new ArrayList<Addressed>(share.events().size());
        for (ChatEvent event : share.events()) {
            var key = new EventKey(event.chatId(), event.seq());
            var recipients = known.get(key);
            if (recipients == null) {
                recipients = members.apply(event);
                known.put(key, recipients);
            }
            addressed.add(new Addressed(event, recipients));
        }
        return addressed;
    }

    /** The share's events are stored: they will not be asked for again. */
    void stored(PartitionEvents share) {
        unstored.computeIfPresent(share.partition(), (partition, known) -> {
            share.events().forEach(event -> known.remove(new EventKey(event.chatId(), event.seq())));
            return known.isEmpty() ? null : known;
        });
    }

    /** Partitions this consumer no longer holds: whoever holds them next resolves their events. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(unstored::remove);
    }
}
