package io.switchboard.realtime.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.switchboard.contracts.realtime.ProtocolException;
import io.switchboard.realtime.cluster.InstanceSlot;
import io.netty.channel.Channel;
import io.vertx.core.Vertx;
import io.vertx.core.net.impl.ConnectionBase;

/** Refuses a WebSocket upgrade with 401 unless it carries a valid user's access token (503 while draining). */
@ApplicationScoped
public class TokenUpgradeCheck implements HttpUpgradeCheck {

    /** The verified token of the socket, for {@code @OnOpen}. */
    public static final UserData.TypedKey<AccessTokens.Verified> TOKEN = new UserData.TypedKey<>("switchboard.token");

    /** The socket's Netty channel, for writing chat events to it directly (absent if Vert.x hides it). */
    public static final UserData.TypedKey<Channel> CHANNEL = new UserData.TypedKey<>("switchboard.channel");

    private final AccessTokens tokens;
    private final InstanceSlot instance;
    private final InboundFrames inbound;

    public TokenUpgradeCheck(AccessTokens tokens, InstanceSlot instance, InboundFrames inbound) {
        this.tokens = tokens;
        this.instance = instance;
        this.inbound = inbound;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (instance.isDraining()) {
            return CheckResult.rejectUpgrade(503); // shutting down: the load balancer tries another
        }
        var token = AccessTokens.fromUpgrade(context.httpRequest());
        if (token == null) {
            return CheckResult.rejectUpgrade(401);
        }
        if (token.equals(AccessTokens.bearer(context.httpRequest().getHeader("Authorization")))) {
            // The upgrade request's headers stay with the socket as long as it is open: without
            // this the token would be held twice (the header and the socket's own copy).
            context.httpRequest().headers().remove("Authorization");
        }
        if (context.httpRequest().connection() instanceof ConnectionBase connection) {
            context.userData().put(CHANNEL, connection.channel()); // the same channel after the upgrade
            BrokenFrames.guard(connection.channel());
            inbound.watch(connection.channel());
        }
        // Verifying may fetch the signing keys: off the event loop. The verdict goes back to the
        // request's event loop, which websockets-next upgrades on: there the socket's frame handlers
        // are in place before the next read, whereas an upgrade finished from a worker thread
        // leaves a moment in which a frame the client sends right after the 101 is dropped.
        var requestLoop = Vertx.currentContext();
        return Uni.createFrom().item(() -> tokens.verify(token))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(requestLoop == null ? Runnable::run : task -> requestLoop.runOnContext(ignored -> task.run()))
                .map(verified -> {
                    context.userData().put(TOKEN, verified);
                    return CheckResult.permitUpgradeSync();
                })
                .onFailure(ProtocolException.class).recoverWithItem(() -> CheckResult.rejectUpgradeSync(401));
    }
}
