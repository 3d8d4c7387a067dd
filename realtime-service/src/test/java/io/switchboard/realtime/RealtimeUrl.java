package io.switchboard.realtime;

import io.switchboard.devstack.TestSocket;

/** Sockets to the instance under test. */
final class RealtimeUrl {

    static final String WS = "ws://localhost:18083/ws";

    private RealtimeUrl() {
    }

    static TestSocket connect(String token) {
        return TestSocket.connect(WS, token);
    }

    static TestSocket connect(String token, TestSocket.Carrier carrier) {
        return TestSocket.connect(WS, token, carrier);
    }

    static int refusal(String token, TestSocket.Carrier carrier) {
        return TestSocket.refusal(WS, token, carrier);
    }
}
