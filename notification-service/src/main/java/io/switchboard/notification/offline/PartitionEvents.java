package io.switchboard.notification.offline;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventCodec;

/**
 * One partition's share of a polled batch: the offsets it spans (where to rewind to, what to
 * commit) and the events in it that mean something to notifications.
 */
record PartitionEvents(TopicPartition partition, long firstOffset, long nextOffset, List<ChatEvent> events) {

    private static final Logger LOG = Logger.getLogger(PartitionEvents.class);

    /**
     * Decodes a batch, partition by partition, in offset order. A record that cannot be read never
     * will be, so it is the one thing given up on, with a warning that says where it lies; an event
     * of a type this service does not know (a newer chat-service's) has nothing to notify about.
     */
    static List<PartitionEvents> decode(ConsumerRecords<byte[], byte[]> records, ChatEventCodec codec) {
        var shares = new ArrayList<PartitionEvents>();
        for (TopicPartition partition : records.partitions()) {
            var partitionRecords = records.records(partition);
            var events = new ArrayList<ChatEvent>();
            for (var record : partitionRecords) {
                try {
                    events.add(codec.decode(record.value()));
                } catch (ChatEventCodec.UnknownEventTypeException e) {
                    // nothing to notify about
                } catch (RuntimeException e) {
                    LOG.warnf("Skipping an unreadable chat event at %s-%d@%d: %s", record.topic(), record.partition(),
                            record.offset(), e.toString());
                }
            }
            shares.add(new PartitionEvents(partition, partitionRecords.getFirst().offset(),
                    partitionRecords.getLast().offset() + 1, List.copyOf(events)));
        }
        return shares;
    }
}
