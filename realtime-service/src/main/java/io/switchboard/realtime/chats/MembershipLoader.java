package io.switchboard.realtime.chats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.contracts.realtime.ProtocolErrors;
import io.switchboard.contracts.realtime.ProtocolException;
import io.switchboard.platform.concurrent.Batches;
import io.switchboard.platform.security.ServiceToken;

/**
 * The chats of users as they connect, to know whom to tell they are online, and their blocks,
 * to know whom not to tell (and whose presence not to show them). The users connecting
 * at the same moment are asked of chat-service together, with this instance's service token
 * ({@code POST /api/memberships}, up to 1,000 at a time: users that arrive while one request is
 * under way go in the next), so a reconnect storm after a deploy costs chat-service a request per
 * batch, not per socket.
 */
@ApplicationScoped
public class MembershipLoader {

    private static final Logger LOG = Logger.getLogger(MembershipLoader.class);
    private static final int MAX_BATCH = 1_000;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long WAIT_SECONDS = 10;

    private final MembershipsClient client;
    private final ServiceToken serviceToken;
    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private volatile boolean running;

    /** A connecting user's chats, with their members, and the blocks they made or are subject to. */
    public record Listing(List<ChatServiceCalls.Membership> chats, List<BlockLists.Block> blocks) {
    }

    /** A connecting user waiting for their listing. */
    private record Arrival(UUID userId, CompletableFuture<Listing> answer) {
    }

    public MembershipLoader(@RestClient MembershipsClient client, ServiceToken serviceToken) {
        this.client = client;
        this.serviceToken = serviceToken;
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        Thread.ofVirtual().name("membership-loader").start(this::loop);
    }

    /**
     * The request under way is answered; the users still waiting are refused at once with
     * {@code upstream_unavailable} (their sockets are closing with the instance), not after
     * {@value #WAIT_SECONDS} s.
     */
    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        refuseWaiting();
    }

    private void refuseWaiting() {
        Arrival left;
        while ((left = arrivals.poll()) != null) {
            left.answer().completeExceptionally(unavailable());
        }
    }

    /**
     * The user's chats and their members, and blocks; waits until chat-service answered. Throws
     * {@code upstream_unavailable} (or chat-service's refusal) when it could not be asked.
     */
    public Listing listingOf(UUID userId) {
        if (!running) {
            throw unavailable(); // stopping with the instance
        }
        var answer = new CompletableFuture<Listing>();
        arrivals.add(new Arrival(userId, answer));
        if (!running) {
            refuseWaiting(); // stopped while this one was being queued
        }
        try {
            return answer.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof ProtocolException refused ? refused : unavailable();
        } catch (TimeoutException e) {
            throw unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        }
    }

    /** Takes whoever arrived (up to {@value #MAX_BATCH}) while the previous request was under way. */
    private void loop() {
        var batch = new ArrayList<Arrival>(MAX_BATCH);
        while (running) {
            try {
                if (!Batches.take(arrivals, batch, MAX_BATCH, POLL)) {
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            }
            try {
                var found = ask(batch.stream().map(Arrival::userId).distinct().toList());
                batch.forEach(arrival -> arrival.answer().complete(found.get(arrival.userId())));
            } catch (RuntimeException e) {
                LOG.warnf("Could not ask chat-service for the chats of %d connecting users: %s", batch.size(), e.toString());
                var failure = e instanceof ProtocolException ? e : unavailable();
                batch.forEach(arrival -> arrival.answer().completeExceptionally(failure));
            }
            batch.clear();
        }
    }

    /** Each user's listing, from one request (a second one with a new token after a 401). */
    private Map<UUID, Listing> ask(Collection<UUID> users) {
        var query = new MembershipsClient.Query(List.copyOf(users), true);
        MembershipsClient.Result result;
        try {
            result = serviceToken.call(bearer -> client.chatsOf(bearer, query));
        } catch (ProcessingException e) {
            throw unavailable();
        }
        var chats = new HashMap<UUID, List<ChatServiceCalls.Membership>>();
        var blocks = new HashMap<UUID, List<BlockLists.Block>>();
        users.forEach(user -> {
            chats.put(user, new ArrayList<>());
            blocks.put(user, new ArrayList<>());
        });
        for (var chat : result.chats()) {
            var membership = new ChatServiceCalls.Membership(chat.id(), Set.copyOf(chat.memberIds()));
            for (UUID member : chat.memberIds()) {
                var theirs = chats.get(member);
                if (theirs != null) {
                    theirs.add(membership);
                }
            }
        }
        for (var found : result.blocks() == null ? List.<MembershipsClient.Block>of() : result.blocks()) {
            var block = new BlockLists.Block(found.blockerId(), found.blockedId());
            for (UUID side : List.of(found.blockerId(), found.blockedId())) {
                var theirs = blocks.get(side);
                if (theirs != null) {
                    theirs.add(block);
                }
            }
        }
        var byUser = new HashMap<UUID, Listing>();
        users.forEach(user -> byUser.put(user, new Listing(chats.get(user), blocks.get(user))));
        return byUser;
    }

    private static ProtocolException unavailable() {
        return new ProtocolException(ProtocolErrors.UPSTREAM_UNAVAILABLE, "chat-service could not be reached.", null);
    }
}
