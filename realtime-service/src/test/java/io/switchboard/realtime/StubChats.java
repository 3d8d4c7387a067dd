package io.switchboard.realtime;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.contracts.block.BlockChange;
import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventCodec;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.contracts.chat.MessageView;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.platform.kafka.KafkaTopics;

/**
 * A stand-in for chat-service in this module's tests: chats, members, messages and an event log
 * in memory, each change published to the real Kafka topic in chat-service's format (the
 * contracts codec), so the gateway under test consumes real events. The REST side is
 * {@link StubChatServiceResource}; tests change the world directly through the methods here.
 */
@ApplicationScoped
public class StubChats {

    private final java.util.concurrent.atomic.AtomicInteger chatListRequests = new java.util.concurrent.atomic.AtomicInteger();

    /** How often a user's chat list ({@code GET /api/chats}) was asked for. */
    public int chatListRequests() {
        return chatListRequests.get();
    }

    void chatListAsked() {
        chatListRequests.incrementAndGet();
    }

    public static final class Chat {
        final UUID id;
        final String type;
        final Set<UUID> members = new LinkedHashSet<>();
        final List<ChatEvent> log = new ArrayList<>();
        final Map<UUID, MessageView> messages = new ConcurrentHashMap<>();
        /** The members after each event (after none: the members the chat had when the test found it). */
        final TreeMap<Long, List<UUID>> membersAfter = new TreeMap<>();
        long lastSeq;
        long keptAfter;

        Chat(UUID id, String type) {
            this.id = id;
            this.type = type;
        }
    }

    /** In the order they were made; read and changed under this object's lock. */
    private final Map<UUID, Chat> chats = new java.util.LinkedHashMap<>();
    /** {@code [blocker, blocked]} pairs. */
    private final Set<List<UUID>> blocks = new LinkedHashSet<>();
    private final ChatEventCodec codec = new ChatEventCodec();
    private final String bootstrapServers;
    private KafkaProducer<String, byte[]> producer;
    private volatile boolean unavailable;
    private volatile boolean eventsUnavailable;
    private final java.util.concurrent.atomic.AtomicInteger eventsAsked = new java.util.concurrent.atomic.AtomicInteger();

    public StubChats(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent startup) throws Exception {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(Topics.CHAT_EVENTS, 3, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(KafkaTopics.userBlocks())).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        producer.close();
    }

    /** While set, every REST call answers 503, as a chat-service that is down. */
    public void unavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    boolean isUnavailable() {
        return unavailable;
    }

    /** While set, the events API alone answers 503, as a chat-service too busy to serve replays. */
    public void eventsUnavailable(boolean unavailable) {
        this.eventsUnavailable = unavailable;
    }

    /** Requests the events API has had, answered or not. */
    public int eventsAsked() {
        return eventsAsked.get();
    }

    /** Counts a request to the events API; true when it is to be answered 503. */
    boolean refuseEvents() {
        eventsAsked.incrementAndGet();
        return eventsUnavailable;
    }

    public synchronized UUID group(UUID owner, UUID... others) {
        var chat = new Chat(UUID.randomUUID(), "group");
        chat.members.add(owner);
        chat.members.addAll(List.of(others));
        chats.put(chat.id, chat);
        record(chat, owner, new ChatEventData.ChatCreated("group", "Group", owner, List.copyOf(chat.members)));
        return chat.id;
    }

    /** A group formed before the test began: no event of its creation. */
    public synchronized UUID existingGroup(UUID owner, List<UUID> others) {
        var chat = new Chat(UUID.randomUUID(), "group");
        chat.members.add(owner);
        chat.members.addAll(others);
        chat.membersAfter.put(0L, List.copyOf(chat.members));
        chats.put(chat.id, chat);
        return chat.id;
    }

    public synchronized void addMember(UUID chatId, UUID by, UUID user) {
        var chat = chats.get(chatId);
        chat.members.add(user);
        record(chat, by, new ChatEventData.MemberAdded(user, by));
    }

    public synchronized void removeMember(UUID chatId, UUID by, UUID user) {
        var chat = chats.get(chatId);
        chat.members.remove(user);
        record(chat, by, new ChatEventData.MemberRemoved(user, by));
    }

    public synchronized void rename(UUID chatId, UUID by, String title) {
        record(chats.get(chatId), by, new ChatEventData.ChatUpdated(title, by));
    }

    public synchronized MessageView send(UUID chatId, UUID sender, String content) {
        var chat = chats.get(chatId);
        var seq = chat.lastSeq + 1;
        var message = new MessageView(UUID.randomUUID(), chatId, seq, sender, content, "text", now(), null, false);
        chat.messages.put(message.id(), message);
        record(chat, sender, new ChatEventData.MessageCreated(message));
        return message;
    }

    /** A message sent while nobody here was connected: in the chat's log, never published live. */
    public synchronized void sentBefore(UUID chatId, UUID sender, String content) {
        var chat = chats.get(chatId);
        var message = new MessageView(UUID.randomUUID(), chatId, chat.lastSeq + 1, sender, content, "text", now(),
                null, false);
        chat.messages.put(message.id(), message);
        chat.lastSeq++;
        chat.membersAfter.put(chat.lastSeq, List.copyOf(chat.members));
        chat.log.add(ChatEvent.of(chat.id, chat.lastSeq, sender, new ChatEventData.MessageCreated(message), now()));
    }

    public synchronized void edit(UUID chatId, UUID messageId, String content) {
        var chat = chats.get(chatId);
        var message = chat.messages.get(messageId);
        record(chat, message.senderId(), new ChatEventData.MessageUpdated(messageId, content, now()));
    }

    public synchronized void delete(UUID chatId, UUID messageId, UUID by) {
        record(chats.get(chatId), by, new ChatEventData.MessageDeleted(messageId, by));
    }

    /** A reaction added (or removed) by {@code user}, leaving {@code count} of that emoji. */
    public synchronized void react(UUID chatId, MessageView message, UUID user, String emoji, int count, boolean added) {
        record(chats.get(chatId), user, added
                ? new ChatEventData.ReactionAdded(message.id(), message.seq(), emoji, user, count)
                : new ChatEventData.ReactionRemoved(message.id(), message.seq(), emoji, user, count));
    }

    public synchronized void pin(UUID chatId, MessageView message, UUID user, boolean pinned) {
        record(chats.get(chatId), user, pinned ? new ChatEventData.MessagePinned(message.id(), message.seq(), user)
                : new ChatEventData.MessageUnpinned(message.id(), message.seq(), user));
    }

    public synchronized long read(UUID chatId, UUID user, Long seq) {
        var chat = chats.get(chatId);
        long upTo = seq == null ? chat.lastSeq : seq;
        record(chat, user, new ChatEventData.MessagesRead(user, upTo));
        return upTo;
    }

    /** Forgets the chat's events up to and including {@code seq}, as retention does. */
    public synchronized void trimLog(UUID chatId, long seq) {
        var chat = chats.get(chatId);
        chat.keptAfter = seq;
        chat.log.removeIf(event -> event.seq() <= seq);
    }

    /** Publishes an event without keeping it in the log (as if published before a crash). */
    /**
     * {@code blocker} blocks {@code blocked} (or lifts it): kept for the memberships answer and
     * published to the real block changes topic, as chat-service does once a change is stored.
     */
    public void block(UUID blocker, UUID blocked, boolean block) {
        synchronized (this) {
            if (block) {
                blocks.add(List.of(blocker, blocked));
            } else {
                blocks.remove(List.of(blocker, blocked));
            }
        }
        var change = new BlockChange(blocker, blocked, block, now());
        producer.send(new ProducerRecord<>(Topics.USER_BLOCKS, blocker.toString(), change.encode()));
        producer.flush();
    }

    /** Every block one of the users made or is subject to, as {@code [blocker, blocked]}. */
    synchronized List<List<UUID>> blocksOfAny(java.util.Collection<UUID> users) {
        return blocks.stream().filter(pair -> users.contains(pair.get(0)) || users.contains(pair.get(1))).toList();
    }

    public void publish(ChatEvent event) {
        producer.send(new ProducerRecord<>(Topics.CHAT_EVENTS, event.chatId().toString(), codec.encode(event)));
        producer.flush();
    }

    synchronized Chat chat(UUID chatId) {
        return chats.get(chatId);
    }

    /** The user's chats in chat-service's order: newest first (by creation here, by activity there). */
    synchronized List<Chat> chatsOf(UUID user) {
        return chats.values().stream().filter(chat -> chat.members.contains(user)).toList().reversed();
    }

    /** Every chat any of these users is in, once. */
    synchronized List<Chat> chatsOfAny(java.util.Collection<UUID> users) {
        return chats.values().stream().filter(chat -> users.stream().anyMatch(chat.members::contains)).toList();
    }

    synchronized List<ChatEvent> eventsAfter(Chat chat, long afterSeq, int limit) {
        return chat.log.stream().filter(event -> event.seq() > afterSeq).limit(limit).toList();
    }

    /** The members the chat's event {@code seq} found, as chat-service answers; null for a chat not known. */
    synchronized List<UUID> membersBefore(UUID chatId, long seq) {
        var chat = chats.get(chatId);
        if (chat == null) {
            return null;
        }
        var before = chat.membersAfter.floorEntry(seq - 1);
        return before == null ? List.of() : before.getValue();
    }

    private void record(Chat chat, UUID actor, ChatEventData data) {
        chat.lastSeq++;
        chat.membersAfter.put(chat.lastSeq, List.copyOf(chat.members));
        var event = ChatEvent.of(chat.id, chat.lastSeq, actor, data, now());
        chat.log.add(event);
        publish(event);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
