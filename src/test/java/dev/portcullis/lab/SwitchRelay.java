package dev.portcullis.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 that sends its first connection to one address and every later one to
 * another: a man in the middle that lets a first handshake through to the real server and answers
 * the later ones itself. It counts the connections it passed to each side.
 */
public final class SwitchRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger toFirst = new AtomicInteger();
    private final AtomicInteger toLater = new AtomicInteger();
    private volatile boolean closed;

    public SwitchRelay(InetSocketAddress first, InetSocketAddress later) {
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(() -> {
            while (!closed) {
                try {
                    Socket client = listener.accept();
                    boolean isFirst = toFirst.get() == 0;
                    (isFirst ? toFirst : toLater).incrementAndGet();
                    Socket server = new Socket();
                    sockets.add(client);
                    sockets.add(server);
                    server.connect(isFirst ? first : later, 5000);
                    pipe(client, server);
                    pipe(server, client);
                } catch (IOException e) {
                    if (closed) {
                        return;
                    }
                }
            }
        }, "lab-switch-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections passed to the first address (at most one). */
    public int toFirst() {
        return toFirst.get();
    }

    /** Connections passed to the later address. */
    public int toLater() {
        return toLater.get();
    }

    private static void pipe(Socket from, Socket to) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        Thread t = new Thread(() -> {
            try {
                in.transferTo(out);
                to.shutdownOutput();
            } catch (IOException ignored) {
                // the connection ended
            }
        }, "lab-switch-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        closed = true;
        RelaySockets.closeAll(listener, sockets);
    }
}
