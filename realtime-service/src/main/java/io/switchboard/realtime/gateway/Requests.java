package io.switchboard.realtime.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.switchboard.contracts.realtime.ClientMessage;
import io.switchboard.contracts.realtime.CloseCodes;
import io.switchboard.contracts.realtime.PresenceStatus;
import io.switchboard.contracts.realtime.ProtocolCodec;
import io.switchboard.contracts.realtime.ProtocolErrors;
import io.switchboard.contracts.realtime.ProtocolException;
import io.switchboard.contracts.realtime.ServerEvent;
import io.switchboard.realtime.chats.ChatMembers;
import io.switchboard.realtime.chats.ChatServiceCalls;
import io.switchboard.realtime.config.RealtimeConfig;
import io.switchboard.realtime.presence.Presence;
import io.switchboard.realtime.presence.PresenceSubscriptions;
import io.switchboard.realtime.security.AccessTokens;
import io.switchboard.realtime.socket.ClientSession;
import io.switchboard.realtime.socket.DeliveryMetrics;
import io.switchboard.realtime.socket.Sessions;
import io.switchboard.realtime.typing.TypingIndicators;

/**
 * Carries out what a client sends. Whatever cannot be carried out is answered with an
 * {@code error} event and the socket stays open; only a sustained flood closes it.
 */
@ApplicationScoped
class Requests {

    private static final Logger LOG = Logger.getLogger(Requests.class);
    /** chat-service's page of chats: its default and its most. */
    private static final int DEFAULT_CHAT_PAGE = 100;
    private static final int MAX_CHAT_PAGE = 500;

    private final ProtocolCodec codec = new ProtocolCodec();
    private final ChatServiceCalls chats;
    private final ChatMembers members;
    private final Sessions sessions;
    private final TypingIndicators typing;
    private final Presence presence;
    private final PresenceSubscriptions subscriptions;
    private final Resumption resumption;
    private final AccessTokens tokens;
    private final Replies replies;
    private final DeliveryMetrics metrics;
    private final RealtimeConfig config;

    Requests(ChatServiceCalls chats, ChatMembers members, Sessions sessions, TypingIndicators typing, Presence presence,
             PresenceSubscriptions subscriptions, Resumption resumption, AccessTokens tokens, Replies replies, DeliveryMetrics metrics,
             RealtimeConfig config) {
        this.chats = chats;
        this.members = members;
        this.sessions = sessions;
        this.typing = typing;
        this.presence = presence;
        this.subscriptions = subscriptions;
        this.resumption = resumption;
        this.tokens = tokens;
        this.replies = replies;
        this.metrics = metrics;
        this.config = config;
    }

    void handle(ClientSession session, String text) {
        try {
            var message = admit(session, text);
            if (message == null) {
                return;
            }
            if (message instanceof ClientMessage.Resume resume) {
                resume.chats().keySet().forEach(session::beginResume); // before the opening hold ends
            }
            session.releaseOpening();
            carryOut(session, message);
        } catch (ProtocolException e) {
            replies.error(session, e.code(), e.getMessage(), e.requestType(), null, null);
        } finally {
            session.releaseOpening();
        }
    }

    /** The decoded message, or null when the frame was refused (and answered). */
    private ClientMessage admit(ClientSession session, String text) {
        if (!withinRateLimit(session)) {
            return null;
        }
        if (text.length() > config.frames().maxSize()
                || text.getBytes(StandardCharsets.UTF_8).length > config.frames().maxSize()) {
            tooLarge(session);
            return null;
        }
        return codec.decode(text);
    }

    private void carryOut(ClientSession session, ClientMessage message) {
        try {
            dispatch(session, message);
        } catch (ProtocolException e) {
            replies.error(session, e.code(), e.getMessage(), typeOf(message), chatOf(message), clientIdOf(message));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Failed to carry out %s for %s", typeOf(message), session.userId());
            replies.error(session, ProtocolErrors.INTERNAL_ERROR, "Something went wrong; try again.",
                    typeOf(message), chatOf(message), clientIdOf(message));
        }
    }

    void tooLarge(ClientSession session) {
        replies.error(session, ProtocolErrors.FRAME_TOO_LARGE,
                "Frames may be at most " + config.frames().maxSize() + " bytes.", null, null, null);
    }

    /** A binary frame: this protocol is JSON text. */
    void binary(ClientSession session) {
        session.releaseOpening();
        if (withinRateLimit(session)) {
            replies.error(session, ProtocolErrors.MALFORMED_JSON, "Frames must be JSON text.", null, null, null);
        }
    }

    private boolean withinRateLimit(ClientSession session) {
        var bucket = session.rateLimit();
        if (bucket.tryTake(System.nanoTime())) {
            return true;
        }
        int refused = bucket.refusedInARow();
        if (refused >= config.rateLimit().closeAfter()) {
            metrics.closed("flood");
            session.close(CloseCodes.POLICY_VIOLATION, "rate limit exceeded");
        } else if (refused % 20 == 1) {
            replies.error(session, ProtocolErrors.RATE_LIMITED, "Too many frames; slow down.", null, null, null);
        } else {
            metrics.refused(ProtocolErrors.RATE_LIMITED);
        }
        return false;
    }

    private void dispatch(ClientSession session, ClientMessage message) {
        var user = session.userId();
        switch (message) {
            case ClientMessage.Ping ping -> replies.send(session, new ServerEvent.Pong(Instant.now()));
            case ClientMessage.Typing t -> {
                requireMember(session, t.chatId());
                typing.update(t.chatId(), user, session.id(), t.isTyping());
            }
            case ClientMessage.ReadMessages read -> chats.read(session.token(), read.chatId(), read.seq());
            case ClientMessage.SendMessage send -> {
                var sent = chats.send(session.token(), send.chatId(), send.content(), send.messageType(),
                        send.clientMessageId());
                replies.send(session, new ServerEvent.MessageSent(send.chatId(), send.clientMessageId(), sent,
                        Instant.now()));
            }
            case ClientMessage.JoinChat join -> {
                requireMember(session, join.chatId());
                session.unmute(join.chatId());
            }
            case ClientMessage.LeaveChat leave -> {
                requireMember(session, leave.chatId());
                session.mute(leave.chatId());
            }
            case ClientMessage.GetMyChats page -> replies.send(session, myChats(session, page));
            case ClientMessage.GetChatStatus status -> replies.send(session, chatStatus(session, status.chatId()));
            case ClientMessage.SetStatus status -> setStatus(session, status.status());
            case ClientMessage.SubscribePresence subscribe ->
                    replies.send(session, subscriptions.subscribe(session, subscribe.userIds()));
            case ClientMessage.Resume resume -> resumption.resume(session, resume.chats());
            case ClientMessage.Auth auth -> renew(session, auth.token());
        }
    }

    private ServerEvent.MyChats myChats(ClientSession session, ClientMessage.GetMyChats page) {
        int limit = page.limit() == null ? DEFAULT_CHAT_PAGE : page.limit();
        if (limit < 1 || limit > MAX_CHAT_PAGE) {
            throw new ProtocolException(ProtocolErrors.INVALID_FIELD, "limit must be 1 to " + MAX_CHAT_PAGE + ".",
                    "get_my_chats");
        }
        var mine = chats.myChatsRaw(session.token(), limit, page.after());
        members.listed(session.userId(), chats.memberships(mine)); // a page of them: it drops nothing
        if (sessions.of(session.userId()).isEmpty()) {
            members.userLeft(session.userId()); // the socket closed meanwhile
        }
        var next = mine.size() == limit ? UUID.fromString(mine.get(mine.size() - 1).path("id").asText()) : null;
        return new ServerEvent.MyChats(mine, next, Instant.now());
    }

    private void requireMember(ClientSession session, UUID chatId) {
        if (!members.isMember(session.userId(), chatId)) {
            members.learn(session.userId(), chats.membership(session.token(), chatId));
        }
    }

    private ServerEvent.ChatStatus chatStatus(ClientSession session, UUID chatId) {
        List<UUID> chatIds;
        if (chatId != null) {
            requireMember(session, chatId);
            chatIds = List.of(chatId);
        } else {
            chatIds = List.copyOf(members.chatsOf(session.userId()));
        }
        var everyone = new java.util.HashSet<UUID>();
        chatIds.forEach(chat -> everyone.addAll(members.members(chat)));
        var states = presence.seenBy(session.userId(), everyone);
        var result = new ArrayList<ServerEvent.ChatPresence>(chatIds.size());
        for (UUID chat : chatIds) {
            var presences = members.members(chat).stream()
                    .sorted()
                    .map(member -> {
                        var state = states.get(member);
                        return new ServerEvent.MemberPresence(member, state.status(), state.lastSeen());
                    })
                    .toList();
            result.add(new ServerEvent.ChatPresence(chat, presences));
        }
        return new ServerEvent.ChatStatus(result, Instant.now());
    }

    private void setStatus(ClientSession session, String status) {
        if (!status.equals(PresenceStatus.ONLINE) && !status.equals(PresenceStatus.AWAY)) {
            throw new ProtocolException(ProtocolErrors.INVALID_FIELD, "'status' is online or away.", "status");
        }
        session.status(status);
        presence.changed(session.userId());
    }

    private void renew(ClientSession session, String token) {
        var verified = tokens.verify(token);
        if (!verified.userId().equals(session.userId())) {
            throw new ProtocolException(ProtocolErrors.TOKEN_INVALID, "The token belongs to another user.", "auth");
        }
        session.renew(verified.token(), verified.expiresAt());
        replies.send(session, new ServerEvent.Authenticated(session.userId(), verified.expiresAt(), Instant.now()));
    }

    private static String typeOf(ClientMessage message) {
        return ClientMessage.typeOf(message);
    }

    private static UUID chatOf(ClientMessage message) {
        return switch (message) {
            case ClientMessage.Typing m -> m.chatId();
            case ClientMessage.ReadMessages m -> m.chatId();
            case ClientMessage.SendMessage m -> m.chatId();
            case ClientMessage.JoinChat m -> m.chatId();
            case ClientMessage.LeaveChat m -> m.chatId();
            case ClientMessage.GetChatStatus m -> m.chatId();
            default -> null;
        };
    }

    private static String clientIdOf(ClientMessage message) {
        return message instanceof ClientMessage.SendMessage send ? send.clientMessageId() : null;
    }
}
