package dev.portcullis.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay on 127.0.0.1 that forwards to a lab address and holds every chunk for a fixed
 * one-way delay in each direction, without limiting throughput: added round-trip time for
 * kernels without {@code sch_netem} (where {@link Lab#delay} cannot work).
 */
public final class DelayRelay extends TcpRelay {

    private static final byte[] EOF = new byte[0];

    private final InetSocketAddress target;
    private final long oneWayNanos;

    private record Chunk(long due, byte[] data) {
    }

    public DelayRelay(String targetHost, int targetPort, int roundTripMillis) {
        super(200);
        target = new InetSocketAddress(targetHost, targetPort);
        oneWayNanos = TimeUnit.MILLISECONDS.toNanos(roundTripMillis) / 2;
        start("lab-relay-accept");
    }

    @Override
    InetSocketAddress target() {
        return target;
    }

    @Override
    void join(Socket client, Socket server) throws IOException {
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        pipe(client, server, oneWayNanos);
        pipe(server, client, oneWayNanos);
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
}
