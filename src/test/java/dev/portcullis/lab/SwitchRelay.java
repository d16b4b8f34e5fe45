package dev.portcullis.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 that sends its first connection to one address and every later one to
 * another: a man in the middle that lets a first handshake through to the real server and answers
 * the later ones itself. It counts the connections it passed to each side.
 */
public final class SwitchRelay extends TcpRelay {

    private final InetSocketAddress first;
    private final InetSocketAddress later;
    private final AtomicInteger toFirst = new AtomicInteger();
    private final AtomicInteger toLater = new AtomicInteger();

    public SwitchRelay(InetSocketAddress first, InetSocketAddress later) {
        super(50);
        this.first = first;
        this.later = later;
        start("lab-switch-relay");
    }

    @Override
    InetSocketAddress target() {
        boolean isFirst = toFirst.get() == 0;
        (isFirst ? toFirst : toLater).incrementAndGet();
        return isFirst ? first : later;
    }

    @Override
    void join(Socket client, Socket server) throws IOException {
        pipe(client, server);
        pipe(server, client);
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
}
