package io.switchboard.bench;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A lean HTTP/1.1 client for load: one keep-alive connection, one request at a time, blocking
 * I/O on the caller's thread. It exists because the load client shares the machine's cores with
 * the service it measures, and the JDK's HttpClient costs several times more CPU per request
 * (selector thread, executor hand-offs); what the client spends, the service cannot.
 */
final class KeepAliveHttp implements Closeable {

    private final String host;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    KeepAliveHttp(URI base) throws IOException {
        this.host = base.getHost() + ":" + base.getPort();
        this.socket = new Socket(base.getHost(), base.getPort());
        socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    /** Sends a JSON POST with a bearer token; the response's status (its body is read and dropped). */
    int post(String path, String token, String json) throws IOException {
        var body = json.getBytes(StandardCharsets.UTF_8);
        var head = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        var request = new byte[head.length() + body.length];
        head.getBytes(0, head.length(), request, 0); // the head is ASCII
        System.arraycopy(body, 0, request, head.length(), body.length);
        out.write(request);
        out.flush();
        return readResponse();
    }

    private int readResponse() throws IOException {
        var status = line();
        if (!status.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP/1.1 response: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (var header = line(); !header.isEmpty(); header = line()) {
            var lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                 size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                skip(size);
                line();
            }
            line();
        } else if (length > 0) {
            skip(length);
        }
        return code;
    }

    private String line() throws IOException {
        var line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed");
                }
                skipped = 1;
            }
            n -= skipped;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
