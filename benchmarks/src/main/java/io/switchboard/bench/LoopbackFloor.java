package io.switchboard.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the kernel alone charges a sender for one small write to a loopback TCP socket: the floor
 * under realtime-service's CPU per delivery, since each frame a socket gets is one write. One
 * thread writes a frame-sized message to each of {@code sockets} connected sockets, {@code rate}
 * rounds a second (the fan-out benchmark's shape); a second thread reads them all. The writer
 * thread's CPU time (user and system, the loopback receive path included, which runs in the
 * sender's system call) divided by the writes is printed. No framework, no allocation per write.
 *
 * <p>Run: {@code ./switchboard bench loopback} (system properties {@code sockets} (1,000),
 * {@code bytes} (350), {@code rate} (25), {@code seconds} (10)).
 */
public final class LoopbackFloor {

    public static void main(String[] args) throws Exception {
        int sockets = Integer.getInteger("sockets", 1_000);
        int bytes = Integer.getInteger("bytes", 350);
        int rate = Integer.getInteger("rate", 25);
        int seconds = Integer.getInteger("seconds", 10);
        try (var server = ServerSocketChannel.open(); var selector = Selector.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            var writers = new ArrayList<SocketChannel>();
            for (int i = 0; i < sockets; i++) {
                var client = SocketChannel.open(server.getLocalAddress());
                client.configureBlocking(false);
                client.register(selector, SelectionKey.OP_READ);
                var accepted = server.accept();
                accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
                writers.add(accepted);
            }
            var reader = Thread.ofPlatform().daemon().start(() -> drain(selector));
            var message = new byte[bytes];
            Arrays.fill(message, (byte) 'x');
            var buffer = ByteBuffer.allocateDirect(bytes);
            System.out.printf("loopback floor: %,d sockets, %d-byte writes, %d rounds/s, %d cores%n", sockets, bytes,
                    rate, Runtime.getRuntime().availableProcessors());
            round(writers, buffer, message, rate, 2); // warm-up
            for (int run = 1; run <= 3; run++) {
                long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                long writes = round(writers, buffer, message, rate, seconds);
                cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu;
                System.out.printf("  run %d: %,d writes, %.2f µs of the writer's CPU per write%n", run, writes,
                        cpu / 1e3 / writes);
            }
            reader.interrupt();
            for (var writer : writers) {
                writer.close();
            }
        }
    }

    private static long round(List<SocketChannel> writers, ByteBuffer buffer, byte[] message, int rate, int seconds)
            throws IOException {
        long interval = 1_000_000_000L / rate;
        long started = System.nanoTime();
        long writes = 0;
        for (int i = 0; i < rate * seconds; i++) {
            for (var writer : writers) {
                buffer.clear().put(message).flip();
                writer.write(buffer);
                writes++;
            }
            Bench.pause(java.time.Duration.ofNanos(Math.max(0, started + (i + 1) * interval - System.nanoTime())));
        }
        return writes;
    }

    private static void drain(Selector selector) {
        var buffer = ByteBuffer.allocateDirect(64 * 1024);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                selector.select();
                for (var key : selector.selectedKeys()) {
                    buffer.clear();
                    ((SocketChannel) key.channel()).read(buffer);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            // closed at the end
        }
    }
}
