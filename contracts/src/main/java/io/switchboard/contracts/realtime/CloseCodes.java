package io.switchboard.contracts.realtime;

/** WebSocket close codes the server uses, beside the standard ones. */
public final class CloseCodes {

    /**
     * The access token expired and no fresh one came with {@code auth}, or its session ended
     * (logout, password change, an administrator): refresh or log in again, then reconnect.
     */
    public static final int TOKEN_EXPIRED = 4001;
    /** The client read too slowly and its outbound queue filled: reconnect and {@code resume}. */
    public static final int SLOW_CONSUMER = 4002;
    /** The client went silent (no pong) for longer than the liveness timeout. */
    public static final int GOING_AWAY = 1001;
    /** A sustained flood of frames beyond the rate limit. */
    public static final int POLICY_VIOLATION = 1008;
    /** A frame above the largest the server reads (1 MiB). */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** The client broke the WebSocket protocol (an unmasked frame, a reserved opcode). */
    public static final int PROTOCOL_ERROR = 1002;
    /** The instance is shutting down: reconnect (to another instance) and {@code resume}. */
    public static final int SERVICE_RESTART = 1012;

    private CloseCodes() {
    }
}
