package dev.portcullis.lab;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on 127.0.0.1: each connection it accepts is joined to a new connection to
 * {@link #target()}. {@link #close()} closes the listener and every socket it opened.
 */
abstract class TcpRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    TcpRelay(int backlog) {
        try {
            listener = new ServerSocket(0, backlog, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts accepting; the subclass calls it at the end of its constructor. */
    final void start(String threadName) {
        Thread acceptor = new Thread(() -> {
            while (!closed) {
                try {
                    Socket client = listener.accept();
                    Socket server = new Socket();
                    sockets.add(client);
                    sockets.add(server);
                    server.connect(target(), 5000);
                    join(client, server);
                } catch (IOException e) {
                    if (closed) {
                        return;
                    }
                }
            }
        }, threadName);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Where the connection just accepted goes. */
    abstract InetSocketAddress target();

    /** Carries the bytes both ways between the accepted and the new connection. */
    abstract void join(Socket client, Socket server) throws IOException;

    public int port() {
        return listener.getLocalPort();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        sockets.forEach(TcpRelay::closeQuietly);
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
