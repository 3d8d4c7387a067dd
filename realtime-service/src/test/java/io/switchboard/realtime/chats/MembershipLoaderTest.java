package io.switchboard.realtime.chats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.contracts.realtime.ProtocolErrors;
import io.switchboard.contracts.realtime.ProtocolException;
import io.switchboard.platform.security.ServiceToken;
import io.switchboard.platform.security.TokenClient;

class MembershipLoaderTest {

    private final UUID chat = UUID.randomUUID();
    private final CountDownLatch asked = new CountDownLatch(1);
    private final CountDownLatch answer = new CountDownLatch(1);

    /** chat-service, answering its first request only when the test says so. */
    private final MembershipsClient chatService = new MembershipsClient() {
        @Override
        public Result chatsOf(String bearer, Query query) {
            asked.countDown();
            try {
                answer.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return new Result(List.of(new ChatWithMembers(chat, query.userIds())), List.of());
        }

        @Override
        public ChatWithMembers membersBefore(String bearer, UUID chatId, long beforeSeq) {
            throw new UnsupportedOperationException("not asked when users connect");
        }
    };

    private final ServiceToken serviceToken = new ServiceToken(credentials -> new TokenClient.Token("service-token", 900),
            "realtime-service", Optional.of("secret"), false);

    @Test
    void onShutdownTheRequestUnderWayIsAnsweredAndTheUsersStillWaitingAreRefusedAtOnce() throws Exception {
        var loader = new MembershipLoader(chatService, serviceToken);
        loader.start(new StartupEvent());
        var alice = UUID.randomUUID();
        var bob = UUID.randomUUID();
        var alicesConnect = Connect.of(loader, alice);
        assertThat(asked.await(5, TimeUnit.SECONDS)).as("alice's chats asked").isTrue();
        var bobsConnect = Connect.of(loader, bob); // waits for the next request
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> bobsConnect.thread().getState() == Thread.State.TIMED_WAITING);

        loader.stop(new ShutdownEvent());

        assertThatThrownBy(() -> bobsConnect.chats().get(2, TimeUnit.SECONDS)) // not after the 10 s a connect may wait
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ProtocolException.class,
                        refused -> assertThat(refused.code()).isEqualTo(ProtocolErrors.UPSTREAM_UNAVAILABLE));
        answer.countDown();
        assertThat(alicesConnect.chats().get(5, TimeUnit.SECONDS))
                .containsExactly(new ChatServiceCalls.Membership(chat, Set.of(alice)));
    }

    /** A connecting user's thread, blocked in {@link MembershipLoader#listingOf} until it answers. */
    private record Connect(Thread thread, CompletableFuture<List<ChatServiceCalls.Membership>> chats) {

        static Connect of(MembershipLoader loader, UUID user) {
            var chats = new CompletableFuture<List<ChatServiceCalls.Membership>>();
            var thread = Thread.ofVirtual().start(() -> {
                try {
                    chats.complete(loader.listingOf(user).chats());
                } catch (RuntimeException e) {
                    chats.completeExceptionally(e);
                }
            });
            return new Connect(thread, chats);
        }
    }
}
