package io.switchboard.notification;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;

import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventCodec;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.contracts.chat.MessageView;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.contracts.push.UserEvent;
import io.switchboard.contracts.push.UserEventCodec;

/**
 * The real Kafka topics around the service: chat events written as chat-service writes them,
 * user events read as realtime-service reads them.
 */
public final class Kafka {

    /** Partitions of the chat events topic, as {@link #awaitConsumer()} creates it. */
    public static final int PARTITIONS = 3;
    private static final ChatEventCodec CHAT_EVENTS = new ChatEventCodec();
    private static final UserEventCodec USER_EVENTS = new UserEventCodec();
    private static KafkaProducer<String, byte[]> producer;

    private Kafka() {
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** Waits until the service consumes chat events (it starts from the end of the topic). */
    public static synchronized void awaitConsumer() throws Exception {
        if (producer == null) {
            try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
                admin.createTopics(List.of(new NewTopic(Topics.CHAT_EVENTS, PARTITIONS, (short) 1))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            var props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                given().get("/q/health/ready").statusCode() == 200);
    }

    /**
     * A chat, writing its events in order as chat-service would, and keeping its whole log as
     * chat-service does (what {@link StubChats} answers from). Events written inside
     * {@link #unpublished} are history the service never saw.
     */
    public static final class Chat {

        private static final Map<UUID, Chat> CHATS = new ConcurrentHashMap<>();

        public final UUID id = UUID.randomUUID();
        private final Set<UUID> founders;
        private final List<ChatEvent> log = new CopyOnWriteArrayList<>();
        private long seq;
        private boolean publishing = true;

        /** A chat that already had these members before the service was watching: its first event is seen midway. */
        public Chat(Person... members) {
            this.founders = Set.copyOf(Arrays.stream(members).map(Person::id).toList());
            CHATS.put(id, this);
        }

        /** A chat whose creation the service sees: its first event names every member. */
        public static Chat created(Person creator, Person... others) {
            var chat = new Chat();
            var members = new ArrayList<UUID>(List.of(creator.id()));
            Arrays.stream(others).map(Person::id).forEach(members::add);
            var created = new ChatEventData.ChatCreated("group", "Group", creator.id(), members);
            chat.publish(creator.id(), created, ++chat.seq);
            return chat;
        }

        /** The partition of the chat events topic that holds this chat's events (records are keyed by chat id). */
        public int partition() {
            return Utils.toPositive(Utils.murmur2(id.toString().getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
        }

        /** The chat chat-service knows by this id, if a test made it. */
        static Optional<Chat> find(UUID id) {
            return Optional.ofNullable(CHATS.get(id));
        }

        /** The members after every event before {@code seq}, replayed from the log. */
        Set<UUID> membersBefore(long seq) {
            var members = new HashSet<>(founders);
            for (ChatEvent event : log) {
                if (event.seq() >= seq) {
                    break;
                }
                switch (event.data()) {
                    case ChatEventData.ChatCreated created -> {
                        members.clear();
                        members.addAll(created.memberIds());
                    }
                    case ChatEventData.MemberAdded added -> members.add(added.userId());
                    case ChatEventData.MemberRemoved removed -> members.remove(removed.userId());
                    default -> {
                    }
                }
            }
            return members;
        }

        /** Writes what {@code history} does to the log, unpublished: events from before the service watched. */
        public void unpublished(Runnable history) {
            publishing = false;
            try {
                history.run();
            } finally {
                publishing = true;
            }
        }

        public MessageView send(Person sender, String content, Person... muted) {
            var message = new MessageView(UUID.randomUUID(), id, ++seq, sender.id(), content, "text", Instant.now(),
                    null, false);
            publish(sender.id(), new ChatEventData.MessageCreated(message,
                    Arrays.stream(muted).map(Person::id).toList()), seq);
            return message;
        }

        /** A message that mentions these people. */
        public MessageView mention(Person sender, String content, List<Person> mentioned, Person... muted) {
            var message = new MessageView(UUID.randomUUID(), id, ++seq, sender.id(), content, "text", Instant.now(),
                    null, false, null, mentioned.stream().map(Person::id).toList(), List.of(), List.of());
            publish(sender.id(), new ChatEventData.MessageCreated(message,
                    Arrays.stream(muted).map(Person::id).toList()), seq);
            return message;
        }

        /** A message as its creation reads once it was deleted before being published (its text gone). */
        public MessageView sendDeleted(Person sender) {
            var message = new MessageView(UUID.randomUUID(), id, ++seq, sender.id(), null, "text", Instant.now(),
                    null, true);
            publish(sender.id(), new ChatEventData.MessageCreated(message), seq);
            return message;
        }

        public void read(Person reader, long upTo) {
            publish(reader.id(), new ChatEventData.MessagesRead(reader.id(), upTo), ++seq);
        }

        public void edit(Person author, MessageView message, String content) {
            publish(author.id(), new ChatEventData.MessageUpdated(message.id(), content, Instant.now()), ++seq);
        }

        public void delete(Person author, MessageView message) {
            publish(author.id(), new ChatEventData.MessageDeleted(message.id(), author.id()), ++seq);
        }

        public void add(Person member, Person by) {
            publish(by.id(), new ChatEventData.MemberAdded(member.id(), by.id()), ++seq);
        }

        /** The member leaves. */
        public void remove(Person member) {
            publish(member.id(), new ChatEventData.MemberRemoved(member.id(), member.id()), ++seq);
        }

        /** A record no codec can read, on this chat's partition (as a corrupted or foreign record would be). */
        public void sendUnreadable() {
            send(id.toString(), "{not a chat event".getBytes(StandardCharsets.UTF_8));
        }

        /** The last event written so far. */
        public ChatEvent last() {
            return log.getLast();
        }

        /** An event again, as a consumer restart may deliver it. */
        public void repeat(ChatEvent event) {
            send(event);
        }

        private void publish(UUID actor, ChatEventData data, long seq) {
            var event = ChatEvent.of(id, seq, actor, data, Instant.now());
            log.add(event);
            if (publishing) {
                send(event);
            }
        }

        private void send(ChatEvent event) {
            send(id.toString(), CHAT_EVENTS.encode(event));
        }

        private static void send(String key, byte[] value) {
            try {
                producer.send(new ProducerRecord<>(Topics.CHAT_EVENTS, key, value)).get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The user events on the topic that match, once at least {@code count} arrived (or 30 s passed). */
    public static List<UserEvent> userEvents(Predicate<UserEvent> matching, int count) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        var found = new ArrayList<UserEvent>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.USER_EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < deadline && (found.size() < count || emptyPolls < 2)) {
                var records = consumer.poll(Duration.ofMillis(500));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                for (var record : records) {
                    var event = USER_EVENTS.decode(record.value());
                    if (matching.test(event)) {
                        found.add(event);
                    }
                }
            }
        }
        return found;
    }
}
