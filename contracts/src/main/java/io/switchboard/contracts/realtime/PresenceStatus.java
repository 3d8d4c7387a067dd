package io.switchboard.contracts.realtime;

/**
 * The values of a user's presence on the wire ({@code status} in {@code user_status},
 * {@code presence} and {@code chat_status}; the answers of {@code POST /api/presence}). A user is
 * online while any of their sockets is, away while every open one is set away, offline otherwise.
 */
public final class PresenceStatus {

    public static final String ONLINE = "online";
    public static final String AWAY = "away";
    public static final String OFFLINE = "offline";

    private PresenceStatus() {
    }
}
