package dev.portcullis.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay on 127.0.0.1 that forwards to a lab address and holds every chunk for a fixed
 * one-way delay in each direction, without limiting throughput: added round-trip time for
 * kernels without {@code sch_netem} (where {@link Lab#delay} cannot work).
 */
public final class DelayRelay implements AutoCloseable {

    private static final byte[] EOF = new byte[0];

    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private record Chunk(long due, byte[] data) {
    }

    public DelayRelay(String targetHost, int targetPort, int roundTripMillis) {
        try {
            listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long oneWayNanos = TimeUnit.MILLISECONDS.toNanos(roundTripMillis) / 2;
        Thread acceptor = new Thread(() -> {
            while (!closed) {
                try {
                    Socket client = listener.accept();
                    Socket server = new Socket();
                    server.connect(new InetSocketAddress(targetHost, targetPort), 5000);
                    client.setTcpNoDelay(true);
                    server.setTcpNoDelay(true);
                    sockets.add(client);
                    sockets.add(server);
                    pipe(client, server, oneWayNanos);
                    pipe(server, client, oneWayNanos);
                } catch (IOException e) {
                    if (closed) {
                        return;
                    }
                }
            }
        }, "lab-relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    private static void pipe(Socket from, Socket to, long delayNanos) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[65536];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
                }
            } catch (IOException ignored) {
                // the connection ended
            }
            queue.add(new Chunk(System.nanoTime() + delayNanos, EOF));
        }, "lab-relay-read");
        Thread writer = new Thread(() -> {
            try {
                while (true) {
                    Chunk c = queue.take();
                    long wait = c.due() - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    if (c.data() == EOF) {
                        to.shutdownOutput();
                        return;
                    }
                    out.write(c.data());
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // the connection ended
            }
        }, "lab-relay-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    @Override
    public void close() {
        closed = true;
        RelaySockets.closeAll(listener, sockets);
    }
}
