package io.switchboard.devstack.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;

/** Picks free loopback ports. */
final class Ports {

    private Ports() {
    }

    /** The port itself, or a free one when it is 0. */
    static int resolve(int port) {
        if (port != 0) {
            return port;
        }
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /**
     * A free port that is none of {@code taken}: ports picked one after another are each free when
     * picked, and the system may hand the same one out twice before anything listens on it.
     */
    static int freeOtherThan(int... taken) {
        while (true) {
            int port = resolve(0);
            if (Arrays.stream(taken).noneMatch(t -> t == port)) {
                return port;
            }
        }
    }
}
