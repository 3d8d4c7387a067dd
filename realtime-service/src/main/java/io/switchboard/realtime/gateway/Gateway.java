package io.switchboard.realtime.gateway;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import io.netty.channel.Channel;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.switchboard.contracts.realtime.CloseCodes;
import io.switchboard.contracts.realtime.ProtocolErrors;
import io.switchboard.contracts.realtime.ProtocolException;
import io.switchboard.contracts.realtime.ServerEvent;
import io.switchboard.realtime.chats.BlockLists;
import io.switchboard.realtime.chats.ChatMembers;
import io.switchboard.realtime.chats.MembershipLoader;
import io.switchboard.realtime.config.RealtimeConfig;
import io.switchboard.realtime.presence.Presence;
import io.switchboard.realtime.protocol.Requests;
import io.switchboard.realtime.security.InboundFrames;
import io.switchboard.realtime.security.TokenUpgradeCheck;
import io.switchboard.realtime.socket.ClientSession;
import io.switchboard.realtime.socket.DeliveryMetrics;
import io.switchboard.realtime.socket.EventFrames;
import io.switchboard.realtime.socket.Outbound;
import io.switchboard.realtime.socket.Sessions;
import io.switchboard.realtime.socket.TokenBucket;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;

/**
 * {@code /ws}: one socket per device. The upgrade was already refused without a valid token
 * ({@link TokenUpgradeCheck}). A socket's frames are handled one at a time, in order, on virtual
 * threads (calls to chat-service block).
 */
@WebSocket(path = "/ws")
public class Gateway {

    private static final Logger LOG = Logger.getLogger(Gateway.class);
    private static final Duration CHATS_RETRY_FIRST = Duration.ofSeconds(1);
    private static final Duration CHATS_RETRY_MOST = Duration.ofSeconds(30);

    private final Sessions sessions;
    private final Requests requests;
    private final MembershipLoader memberships;
    private final ChatMembers members;
    private final BlockLists blocks;
    private final Presence presence;
    private final Departures departures;
    private final EventFrames frames;
    private final DeliveryMetrics metrics;
    private final RealtimeConfig config;
    private final Vertx vertx;

    public Gateway(Sessions sessions, Requests requests, MembershipLoader memberships, ChatMembers members,
                   BlockLists blocks, Presence presence, Departures departures, EventFrames frames,
                   DeliveryMetrics metrics, RealtimeConfig config, Vertx vertx) {
        this.sessions = sessions;
        this.requests = requests;
        this.memberships = memberships;
        this.members = members;
        this.blocks = blocks;
        this.presence = presence;
        this.departures = departures;
        this.frames = frames;
        this.metrics = metrics;
        this.config = config;
        this.vertx = vertx;
    }

    @OnOpen
    @RunOnVirtualThread
    public void open(WebSocketConnection connection) {
        var token = connection.userData().get(TokenUpgradeCheck.TOKEN);
        var user = token.userId();
        var session = new ClientSession(connection, user, token.token(), token.expiresAt(),
                new Outbound(connection, connection.userData().get(TokenUpgradeCheck.CHANNEL),
                        config.outbound().softLimit(), config.outbound().hardLimit(), metrics::written,
                        () -> metrics.closed("slow_consumer")),
                new TokenBucket(config.rateLimit().perSecond(), config.rateLimit().burst(), System.nanoTime()));
        if (!sessions.add(session, config.limits().socketsPerUser())) { // else it receives events from here on
            refuseOneTooMany(connection);
            return;
        }
        var recording = presence.record(user); // in the directory before 'connected': events find the socket
        try {
            long asked = System.nanoTime();
            var listing = memberships.listingOf(user); // while the directory write is under way
            members.userArrived(user, listing.chats());
            blocks.userArrived(user, listing.blocks(), asked);
        } catch (ProtocolException e) {
            // Events still reach the socket (the router knows whom they are for); the chats, which
            // presence and chat_status go by, are asked for again until chat-service answers.
            LOG.warnf("Could not list the chats of %s at connect: %s; asking again", user, e.getMessage());
            learnChatsLater(session);
        }
        var now = Instant.now();
        presence.announceChange(user, recording); // to contacts, whom the chats just loaded name
        session.open(frames.frame(new ServerEvent.Connected(user, connection.id(), token.expiresAt(), now), false, null));
        endOpeningHoldUnlessSpoken(session, connection.userData().get(TokenUpgradeCheck.CHANNEL),
                System.nanoTime() + config.liveness().timeout().toNanos());
    }

    /**
     * Ends the opening hold when the resume window passes without a message from the client. One
     * that did send a message, not handled yet (it waits behind {@code @OnOpen} on a busy
     * instance), is given more windows: that message ends the hold when handled, and if it is a
     * {@code resume}, the events held meanwhile follow its replay instead of overtaking it. The
     * liveness timeout bounds the wait.
     */
    private void endOpeningHoldUnlessSpoken(ClientSession session, Channel channel, long latestNanos) {
        vertx.setTimer(config.events().resumeWindow().toMillis(), id -> {
            if (!session.isOpening()) {
                return; // a message ended it
            }
            if (InboundFrames.spoke(channel) && !session.isClosing() && System.nanoTime() < latestNanos) {
                endOpeningHoldUnlessSpoken(session, channel, latestNanos);
            } else {
                session.releaseOpening();
            }
        });
    }

    /** Tells the client why, then closes the socket: its user has as many open here as allowed. */
    private void refuseOneTooMany(WebSocketConnection connection) {
        metrics.refused(ProtocolErrors.TOO_MANY_SOCKETS);
        var error = new ServerEvent.Error(ProtocolErrors.TOO_MANY_SOCKETS, "This user already has "
                + config.limits().socketsPerUser() + " sockets open here; close one first.", null, null, null,
                Instant.now());
        try {
            connection.sendTextAndAwait(frames.frame(error, false, null).text());
        } finally {
            connection.closeAndAwait(new CloseReason(CloseCodes.POLICY_VIOLATION, "too many sockets"));
        }
    }

    /**
     * Asks chat-service for the user's chats again, with growing pauses, until it answers or the
     * socket closes; then tells the user's contacts their status, which nobody was told at connect.
     */
    private void learnChatsLater(ClientSession session) {
        Thread.ofVirtual().name("chats-of-" + session.id()).start(() -> {
            var pause = CHATS_RETRY_FIRST;
            while (!session.isClosing() && sessions.contains(session)) {
                try {
                    // The back-off between attempts, on this socket's own virtual thread (no event
                    // loop waits), spread out so that the sockets of one outage do not ask together.
                    Thread.sleep(pause.plusMillis(ThreadLocalRandom.current().nextLong(pause.toMillis() / 2 + 1)));
                    long asked = System.nanoTime();
                    var listing = memberships.listingOf(session.userId());
                    members.listed(session.userId(), listing.chats());
                    blocks.userArrived(session.userId(), listing.blocks(), asked);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.debugf("The chats of %s still cannot be listed: %s", session.userId(), e.toString());
                    var doubled = pause.multipliedBy(2);
                    pause = doubled.compareTo(CHATS_RETRY_MOST) < 0 ? doubled : CHATS_RETRY_MOST;
                    continue;
                }
                if (sessions.of(session.userId()).isEmpty()) {
                    members.userLeft(session.userId()); // closed meanwhile: forget what was just learnt
                    blocks.userLeft(session.userId());
                    return;
                }
                try {
                    presence.announce(session.userId());
                } catch (RuntimeException e) {
                    LOG.warnf("Could not tell the contacts of %s their status: %s", session.userId(), e.toString());
                }
                return;
            }
        });
    }

    @OnTextMessage
    @RunOnVirtualThread
    public void message(WebSocketConnection connection, String text) {
        try {
            var session = sessions.get(connection.id());
            if (session != null && !session.isClosing()) {
                session.heard();
                requests.handle(session, text);
            }
        } finally {
            InboundFrames.handled(connection.userData().get(TokenUpgradeCheck.CHANNEL));
        }
    }

    @OnBinaryMessage
    @RunOnVirtualThread
    public void binary(WebSocketConnection connection, Buffer data) {
        try {
            var session = sessions.get(connection.id());
            if (session != null && !session.isClosing()) {
                session.heard();
                requests.binary(session);
            }
        } finally {
            InboundFrames.handled(connection.userData().get(TokenUpgradeCheck.CHANNEL));
        }
    }

    @OnPongMessage
    @NonBlocking
    public void pong(WebSocketConnection connection, Buffer data) {
        var session = sessions.get(connection.id());
        if (session != null) {
            session.heard();
        }
    }

    @OnClose
    @RunOnVirtualThread
    public void close(WebSocketConnection connection) {
        var session = sessions.get(connection.id());
        if (session == null) {
            return;
        }
        departures.depart(session);
    }

    /**
     * Vert.x reports a message above the configured maximum here; a peer that went away is logged
     * at debug, anything else as an error.
     */
    @OnError
    public void error(WebSocketConnection connection, Throwable failure) {
        var session = sessions.get(connection.id());
        if (session != null && failure instanceof IllegalStateException && String.valueOf(failure.getMessage())
                .contains("max message size")) {
            InboundFrames.handled(connection.userData().get(TokenUpgradeCheck.CHANNEL)); // answered here
            requests.tooLarge(session);
            return;
        }
        if (failure instanceof HttpClosedException || failure instanceof IOException) {
            // a peer that went away mid-send, or reset its connection: its client reconnects and resumes
            LOG.debugf("Socket %s went away: %s", connection.id(), failure.toString());
            return;
        }
        LOG.errorf(failure, "WebSocket failure on %s", connection.id());
    }
}
