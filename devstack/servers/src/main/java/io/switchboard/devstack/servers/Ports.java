package io.switchboard.devstack.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

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
}
