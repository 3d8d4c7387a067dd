package io.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A lean WebSocket client for load: many sockets on a few selector threads, frames parsed in
 * place, text handed over as bytes. Like {@link KeepAliveHttp} it exists because the client shares
 * the cores with the servers it measures: the JDK's WebSocket client spends several times more
 * CPU per frame (a scheduler, a decoder and an executor hand-off per message), and what the client
 * spends the servers cannot. It speaks just what the benchmark needs: the upgrade with a bearer
 * token, unmasked server frames (text, ping, close), masked client text and pong frames.
 */
final class LeanWebSockets implements AutoCloseable {

    /** Receives every complete text message of a socket, on that socket's selector thread. */
    interface Listener {
        void text(Socket socket, byte[] data, int offset, int length);
    }

    private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final List<Loop> loops = new ArrayList<>();
    private int next;

    LeanWebSockets(int threads) throws IOException {
        for (int i = 0; i < threads; i++) {
            var loop = new Loop(Selector.open());
            Thread.ofPlatform().daemon().name("lean-ws-" + i).start(loop);
            loops.add(loop);
        }
    }

    /** Opens a socket to {@code ws://host:port/path}; completes once the upgrade was answered with 101. */
    CompletableFuture<Socket> connect(URI url, String token, Listener listener) {
        var socket = new Socket(url, token, listener);
        Loop loop;
        synchronized (this) {
            loop = loops.get(next++ % loops.size());
        }
        loop.add(socket);
        return socket.upgraded;
    }

    @Override
    public void close() {
        loops.forEach(Loop::stop);
    }

    /** One client socket: its channel, what it has read but not yet parsed, and its state. */
    static final class Socket {
        private final URI url;
        private final String token;
        private final Listener listener;
        private final CompletableFuture<Socket> upgraded = new CompletableFuture<>();
        private SocketChannel channel;
        private byte[] in = new byte[4096];
        private int filled;
        private boolean open;
        private byte[] fragments;

        private Socket(URI url, String token, Listener listener) {
            this.url = url;
            this.token = token;
            this.listener = listener;
        }

        /** Sends a text message (masked, as a client must). */
        void sendText(String text) {
            send(0x1, text.getBytes(StandardCharsets.UTF_8));
        }

        /** Closes the connection without a close handshake. */
        void abort() {
            try {
                channel.close();
            } catch (IOException | RuntimeException e) {
                // already gone
            }
        }

        private synchronized void send(int opcode, byte[] payload) {
            int header = payload.length < 126 ? 2 : 4;
            var frame = ByteBuffer.allocate(header + 4 + payload.length);
            frame.put((byte) (0x80 | opcode));
            if (payload.length < 126) {
                frame.put((byte) (0x80 | payload.length));
            } else {
                frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
            }
            var mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            frame.put(mask);
            for (int i = 0; i < payload.length; i++) {
                frame.put((byte) (payload[i] ^ mask[i & 3]));
            }
            frame.flip();
            try {
                while (frame.hasRemaining()) {
                    if (channel.write(frame) == 0) {
                        Thread.onSpinWait(); // the socket buffer is full: the server reads soon
                    }
                }
            } catch (IOException e) {
                abort();
            }
        }

        private void connected() throws IOException {
            var head = "GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13"
                    + "\r\nSec-WebSocket-Key: c3dpdGNoYm9hcmQtYmVuY2g=\r\nAuthorization: Bearer " + token + "\r\n\r\n";
            var buffer = ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }

        /** Reads what the channel has; false when it closed. */
        private boolean read(ByteBuffer scratch) throws IOException {
            scratch.clear();
            int n = channel.read(scratch);
            if (n < 0) {
                return false;
            }
            if (filled + n > in.length) {
                in = Arrays.copyOf(in, Math.max(in.length * 2, filled + n));
            }
            scratch.flip();
            scratch.get(in, filled, n);
            filled += n;
            int consumed = open ? frames() : head();
            if (consumed > 0) {
                System.arraycopy(in, consumed, in, 0, filled - consumed);
                filled -= consumed;
            }
            return true;
        }

        private int head() {
            int end = indexOf(in, filled, END_OF_HEAD);
            if (end < 0) {
                return 0;
            }
            var status = new String(in, 0, Math.min(end, 12), StandardCharsets.US_ASCII);
            if (!status.startsWith("HTTP/1.1 101")) {
                upgraded.completeExceptionally(new IOException("upgrade refused: " + status));
                abort();
                return 0;
            }
            open = true;
            upgraded.complete(this);
            int consumed = end + END_OF_HEAD.length;
            return consumed + frames(consumed);
        }

        private int frames() {
            return frames(0);
        }

        /** Parses whole frames from {@code start}; how many bytes after it were consumed. */
        private int frames(int start) {
            int at = start;
            while (filled - at >= 2) {
                int b0 = in[at] & 0xff;
                int b1 = in[at + 1] & 0x7f;
                int header = 2;
                long length = b1;
                if (b1 == 126) {
                    if (filled - at < 4) {
                        break;
                    }
                    length = ((in[at + 2] & 0xff) << 8) | (in[at + 3] & 0xff);
                    header = 4;
                } else if (b1 == 127) {
                    if (filled - at < 10) {
                        break;
                    }
                    length = ByteBuffer.wrap(in, at + 2, 8).getLong();
                    header = 10;
                }
                if (filled - at < header + length) {
                    break;
                }
                frame(b0 >>> 7 == 1, b0 & 0x0f, at + header, (int) length);
                at += header + (int) length;
            }
            return at - start;
        }

        private void frame(boolean fin, int opcode, int offset, int length) {
            switch (opcode) {
                case 0x1, 0x0 -> {
                    if (fin && fragments == null) {
                        listener.text(this, in, offset, length);
                        return;
                    }
                    var part = Arrays.copyOfRange(in, offset, offset + length);
                    fragments = fragments == null ? part : concat(fragments, part);
                    if (fin) {
                        var whole = fragments;
                        fragments = null;
                        listener.text(this, whole, 0, whole.length);
                    }
                }
                case 0x9 -> send(0xA, Arrays.copyOfRange(in, offset, offset + length));
                case 0x8 -> abort();
                default -> { } // pong, binary: nothing to do
            }
        }
    }

    /** One selector thread and the sockets it serves. */
    private static final class Loop implements Runnable {
        private final Selector selector;
        private final Queue<Socket> added = new ConcurrentLinkedQueue<>();
        private final ByteBuffer scratch = ByteBuffer.allocateDirect(64 * 1024);
        private volatile boolean running = true;

        private Loop(Selector selector) {
            this.selector = selector;
        }

        void add(Socket socket) {
            added.add(socket);
            selector.wakeup();
        }

        void stop() {
            running = false;
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (running) {
                    selector.select();
                    for (Socket socket; (socket = added.poll()) != null; ) {
                        start(socket);
                    }
                    for (var key : selector.selectedKeys()) {
                        handle(key);
                    }
                    selector.selectedKeys().clear();
                }
                for (var key : selector.keys()) {
                    ((Socket) key.attachment()).abort();
                }
                selector.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void start(Socket socket) {
            try {
                socket.channel = SocketChannel.open();
                socket.channel.configureBlocking(false);
                socket.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                boolean done = socket.channel.connect(new InetSocketAddress(socket.url.getHost(), socket.url.getPort()));
                var key = socket.channel.register(selector, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, socket);
                if (done) {
                    socket.connected();
                }
                key.attach(socket);
            } catch (IOException e) {
                socket.upgraded.completeExceptionally(e);
                socket.abort();
            }
        }

        private void handle(SelectionKey key) {
            var socket = (Socket) key.attachment();
            try {
                if (key.isConnectable()) {
                    socket.channel.finishConnect();
                    key.interestOps(SelectionKey.OP_READ);
                    socket.connected();
                } else if (key.isReadable() && !socket.read(scratch)) {
                    key.cancel();
                    socket.abort();
                    socket.upgraded.completeExceptionally(new IOException("closed before the upgrade"));
                }
            } catch (IOException | RuntimeException e) {
                key.cancel();
                socket.abort();
                socket.upgraded.completeExceptionally(e);
            }
        }
    }

    private static int indexOf(byte[] data, int length, byte[] pattern) {
        return find(data, 0, length, pattern);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        var both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Where {@code pattern} first occurs in {@code data[offset, offset + length)}, or -1. */
    static int find(byte[] data, int offset, int length, byte[] pattern) {
        outer:
        for (int i = offset; i + pattern.length <= offset + length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
