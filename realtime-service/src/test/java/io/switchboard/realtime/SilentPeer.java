package io.switchboard.realtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket peer that completes the upgrade and then reads nothing, answers nothing: a device
 * that vanished, or one too slow to take what it is sent. Its receive buffer is small, so the
 * server's side fills quickly.
 */
final class SilentPeer implements AutoCloseable {

    private final Socket socket;

    SilentPeer(String token) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("localhost", 18083), 5_000);
        var key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        var request = "GET /ws HTTP/1.1\r\n"
                + "Host: localhost:18083\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + "Authorization: Bearer " + token + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        var status = readHeaders(socket.getInputStream());
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + status);
        }
        sendText("{\"type\":\"ping\"}"); // a first frame, as clients send: live events flow at once
    }

    /** One masked text frame (payloads under 126 bytes), as RFC 6455 requires of clients. */
    void sendText(String text) throws IOException {
        var payload = text.getBytes(StandardCharsets.UTF_8);
        var mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        var frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        socket.getOutputStream().write(frame);
    }

    /** Reads the response head only; whatever follows stays unread. */
    private static String readHeaders(InputStream in) throws IOException {
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during upgrade");
            }
            head.append((char) b);
        }
        return head.substring(0, head.indexOf("\r\n"));
    }

    /** Drops the connection with a TCP reset, as a device that lost its network or was killed may. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
