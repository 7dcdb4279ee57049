package org.outagewatch.ingest.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

/**
 * A minimal WebSocket server for tests (RFC 6455): on 127.0.0.1, one connection at a time, it answers the opening
 * handshake, reads the client's masked text frames (first the given number of subscriptions, then any more), sends
 * the messages a script gives for the connection as unmasked text frames, and then either sends a close frame and drops the connection (to make the
 * client reconnect) or keeps it open until the client goes.
 */
public final class LocalWebSocketServer implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** What to do on connection n (from 1): the messages to send and whether to close afterwards. */
    public record Script(List<String> messages, boolean closeAfter) {
    }

    private final ServerSocket server;
    private final IntFunction<Script> scripts;
    private final int subscriptions;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile int connections;

    /**
     * @param subscriptions the text frames to read from each client before sending it anything
     * @param scripts what to do on connection n (from 1)
     */
    public LocalWebSocketServer(final int subscriptions, final IntFunction<Script> scripts) throws IOException {
        this.subscriptions = subscriptions;
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.scripts = scripts;
        this.thread = new Thread(this::serve, "test-websocket-server");
        thread.setDaemon(true);
        thread.start();
    }

    public URI uri() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/v1/ws/?client=test");
    }

    /** Text frames received from clients (subscriptions), in order. */
    public List<String> received() {
        return List.copyOf(received);
    }

    public int connections() {
        return connections;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        for (final Socket socket : open) {
            socket.close();
        }
        thread.join(5000);
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                final Socket socket = server.accept();
                open.add(socket);
                connections++;
                final Script script = scripts.apply(connections);
                final Thread reader = new Thread(() -> converse(socket, script), "test-websocket-connection");
                reader.setDaemon(true);
                reader.start();
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void converse(final Socket socket, final Script script) {
        try (socket) {
            final InputStream in = socket.getInputStream();
            final OutputStream out = socket.getOutputStream();
            handshake(in, out);
            for (int i = 0; i < subscriptions; i++) {
                if (!readFrame(in)) {
                    return;
                }
            }
            final Thread frames = new Thread(() -> readFrames(in), "test-websocket-frames");
            frames.setDaemon(true);
            frames.start();
            for (final String message : script.messages()) {
                sendFrame(out, 0x1, message.getBytes(StandardCharsets.UTF_8));
            }
            if (script.closeAfter()) {
                final byte[] reason = "service restart".getBytes(StandardCharsets.UTF_8);
                final byte[] payload = new byte[2 + reason.length];
                payload[0] = (byte) (1012 >> 8);
                payload[1] = (byte) (1012 & 0xff);
                System.arraycopy(reason, 0, payload, 2, reason.length);
                sendFrame(out, 0x8, payload);
                out.flush();
                return;
            }
            frames.join();
        } catch (IOException e) {
            // the client went away: the test sees it in its counts
            received.add("[connection ended: " + e.getMessage() + "]");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void handshake(final InputStream in, final OutputStream out) throws IOException {
        String key = null;
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            final int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
                key = line.substring(colon + 1).trim();
            }
        }
        if (key == null) {
            throw new IOException("no Sec-WebSocket-Key");
        }
        final String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private void readFrames(final InputStream in) {
        try {
            while (readFrame(in)) {
                // keep reading until the close frame
            }
        } catch (IOException e) {
            // the connection ended
            received.add("[frames ended]");
        }
    }

    /** Reads one frame, keeping a text frame's text; false on a close frame. */
    private boolean readFrame(final InputStream in) throws IOException {
        final int b0 = readByte(in);
        final int b1 = readByte(in);
        long length = b1 & 0x7f;
        if (length == 126) {
            length = readByte(in) << 8 | readByte(in);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = length << 8 | readByte(in);
            }
        }
        final byte[] mask = new byte[4];
        if ((b1 & 0x80) != 0) {
            for (int i = 0; i < 4; i++) {
                mask[i] = (byte) readByte(in);
            }
        }
        final byte[] payload = new byte[(int) length];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (readByte(in) ^ mask[i & 3]);
        }
        final int opcode = b0 & 0x0f;
        if (opcode == 0x1) {
            received.add(new String(payload, StandardCharsets.UTF_8));
        }
        return opcode != 0x8;
    }

    private static void sendFrame(final OutputStream out, final int opcode, final byte[] payload) throws IOException {
        final ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else if (payload.length < 65536) {
            frame.write(126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >> shift) & 0xff);
            }
        }
        frame.write(payload);
        out.write(frame.toByteArray());
        out.flush();
    }

    private static String readLine(final InputStream in) throws IOException {
        final List<Byte> bytes = new ArrayList<>();
        int b;
        while ((b = readByte(in)) != '\n') {
            if (b != '\r') {
                bytes.add((byte) b);
            }
        }
        final byte[] line = new byte[bytes.size()];
        for (int i = 0; i < line.length; i++) {
            line[i] = bytes.get(i);
        }
        return new String(line, StandardCharsets.US_ASCII);
    }

    private static int readByte(final InputStream in) throws IOException {
        final int b = in.read();
        if (b < 0) {
            throw new EOFException("end of stream");
        }
        return b;
    }
}
