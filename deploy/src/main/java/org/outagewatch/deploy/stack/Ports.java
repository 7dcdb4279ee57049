package org.outagewatch.deploy.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

/** Port checks on the loopback address: is a port free to bind, does something accept connections on it. */
public final class Ports {
    private Ports() {
    }

    /** Throws {@link PortInUseException} for the first binding whose port cannot be bound. */
    public static void ensureFree(final List<PortBinding> bindings) {
        for (final PortBinding binding : bindings) {
            if (!isFree(binding.port())) {
                throw new PortInUseException(binding);
            }
        }
    }

    /** True when a server socket can bind {@code 127.0.0.1:port} right now. */
    public static boolean isFree(final int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(PortBinding.HOST), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when something accepts a TCP connection on {@code 127.0.0.1:port} within the timeout. */
    public static boolean accepts(final int port, final int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(PortBinding.HOST), port), timeoutMillis);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port that was free a moment ago (for tests and for callers that let the stack pick). */
    public static int findFree() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(PortBinding.HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StackSetupException("Cannot find a free port on " + PortBinding.HOST + ": " + e.getMessage(), e);
        }
    }
}
