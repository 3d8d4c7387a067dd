package io.switchboard.realtime.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.netty.channel.Channel;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.contracts.realtime.CloseCodes;
import io.switchboard.contracts.realtime.ProtocolErrors;
import io.switchboard.contracts.realtime.ProtocolException;
import io.switchboard.contracts.realtime.ServerEvent;
import io.switchboard.realtime.chats.BlockLists;
import io.switchboard.realtime.chats.ChatMembers;
import io.switchboard.realtime.chats.MembershipLoader;
import io.switchboard.realtime.config.RealtimeConfig;
import io.switchboard.realtime.presence.Presence;
import io.switchboard.realtime.security.InboundFrames;
import io.switchboard.realtime.security.TokenUpgradeCheck;
import io.switchboard.realtime.socket.ClientSession;
import io.switchboard.realtime.socket.DeliveryMetrics;
import io.switchboard.realtime.socket.EventFrames;
import io.switchboard.realtime.socket.Outbound;
import io.switchboard.realtime.socket.Sessions;
import io.switchboard.realtime.socket.TokenBucket;
import io.vertx.core.Vertx;

/**
 * A socket arrives: at most {@code realtime.limits.sockets-per-user} per user here, its user's
 * chats and blocks learnt (again and again, with growing pauses, while chat-service does not
 * answer), its presence recorded and announced, and live events held until the client had its
 * chance to resume.
 */
@ApplicationScoped
class Arrivals {

    private static final Logger LOG = Logger.getLogger(Arrivals.class);
    private static final Duration CHATS_RETRY_FIRST = Duration.ofSeconds(1);
    private static final Duration CHATS_RETRY_MOST = Duration.ofSeconds(30);

    private final Sessions sessions;
    private final MembershipLoader memberships;
    private final ChatMembers members;
    private final BlockLists blocks;
    private final Presence presence;
    private final EventFrames frames;
    private final DeliveryMetrics metrics;
    private final RealtimeConfig config;
    private final Vertx vertx;

    Arrivals(Sessions sessions, MembershipLoader memberships, ChatMembers members, BlockLists blocks,
             Presence presence, EventFrames frames, DeliveryMetrics metrics, RealtimeConfig config, Vertx vertx) {
        this.sessions = sessions;
        this.memberships = memberships;
        this.members = members;
        this.blocks = blocks;
        this.presence = presence;
        this.frames = frames;
        this.metrics = metrics;
        this.config = config;
        this.vertx = vertx;
    }

    /**
     * Opens the socket's session: registered here (so events reach it from now on), recorded in
     * the directory, its user's chats and blocks listed (both under way at once), its contacts
     * told, then {@code connected}; the opening hold ends with the client's first message or the
     * resume window.
     */
    void arrive(WebSocketConnection connection) {
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
}
