package io.switchboard.realtime.chats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.contracts.realtime.ProtocolErrors;
import io.switchboard.contracts.realtime.ProtocolException;

/**
 * The chats of users as they connect, to know whom to tell they are online. With a service token
 * the users connecting at the same moment are asked of chat-service together ({@code POST
 * /api/memberships}, up to 1,000 at a time: users that arrive while one request is under way go in
 * the next), so a reconnect storm after a deploy costs chat-service a request per batch, not per
 * socket. Without client credentials each user's chats are asked with their own token.
 */
@ApplicationScoped
public class MembershipLoader {

    private static final Logger LOG = Logger.getLogger(MembershipLoader.class);
    private static final int MAX_BATCH = 1_000;
    private static final long WAIT_SECONDS = 10;

    private final MembershipsClient client;
    private final ServiceToken serviceToken;
    private final ChatService chats;
    private final Map<UUID, CompletableFuture<List<ChatService.Membership>>> pending = new LinkedHashMap<>();
    private volatile boolean running;

    public MembershipLoader(@RestClient MembershipsClient client, ServiceToken serviceToken, ChatService chats) {
        this.client = client;
        this.serviceToken = serviceToken;
        this.chats = chats;
    }

    void start(@Observes StartupEvent startup) {
        if (serviceToken.configured()) {
            running = true;
            Thread.ofVirtual().name("membership-loader").start(this::loop);
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        synchronized (pending) {
            pending.notifyAll();
        }
    }

    /**
     * The user's chats and their members; blocks until chat-service answered. Throws
     * {@code upstream_unavailable} (or chat-service's refusal) when it could not be asked.
     */
    public List<ChatService.Membership> chatsOf(UUID userId, String userToken) {
        if (!running) {
            return chats.memberships(chats.myChatsRaw(userToken));
        }
        CompletableFuture<List<ChatService.Membership>> answer;
        synchronized (pending) {
            answer = pending.computeIfAbsent(userId, user -> new CompletableFuture<>());
            pending.notifyAll();
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

    private void loop() {
        while (running) {
            var batch = new LinkedHashMap<UUID, CompletableFuture<List<ChatService.Membership>>>();
            synchronized (pending) {
                while (running && pending.isEmpty()) {
                    try {
                        pending.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                Iterator<Map.Entry<UUID, CompletableFuture<List<ChatService.Membership>>>> next = pending.entrySet().iterator();
                while (next.hasNext() && batch.size() < MAX_BATCH) {
                    var entry = next.next();
                    batch.put(entry.getKey(), entry.getValue());
                    next.remove();
                }
            }
            try {
                var found = ask(batch.keySet());
                batch.forEach((user, answer) -> answer.complete(found.get(user)));
            } catch (RuntimeException e) {
                LOG.warnf("Could not ask chat-service for the chats of %d connecting users: %s", batch.size(), e.toString());
                var failure = e instanceof ProtocolException ? e : unavailable();
                batch.values().forEach(answer -> answer.completeExceptionally(failure));
            }
        }
    }

    /** Each user's memberships, from one request (a second one with a new token after a 401). */
    private Map<UUID, List<ChatService.Membership>> ask(Collection<UUID> users) {
        var query = new MembershipsClient.Query(List.copyOf(users));
        MembershipsClient.Result result;
        try {
            result = client.chatsOf(serviceToken.bearer(), query);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() != 401) {
                throw e;
            }
            serviceToken.invalidate();
            result = client.chatsOf(serviceToken.bearer(), query);
        } catch (ProcessingException e) {
            throw unavailable();
        }
        var byUser = new HashMap<UUID, List<ChatService.Membership>>();
        users.forEach(user -> byUser.put(user, new ArrayList<>()));
        for (var chat : result.chats()) {
            var membership = new ChatService.Membership(chat.id(), Set.copyOf(chat.memberIds()));
            for (UUID member : chat.memberIds()) {
                var theirs = byUser.get(member);
                if (theirs != null) {
                    theirs.add(membership);
                }
            }
        }
        return byUser;
    }

    private static ProtocolException unavailable() {
        return new ProtocolException(ProtocolErrors.UPSTREAM_UNAVAILABLE, "chat-service could not be reached.", null);
    }
}
