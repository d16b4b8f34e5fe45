package dev.portcullis.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Drives a {@link LabAgent} client inside a namespace: each call opens, probes or closes one real
 * connection there and reports what the kernel did with it.
 */
public final class LabClient {

    /** What happened to one attempt. */
    public enum Outcome {
        /** Connected and the echo came back. */
        OK,
        /** Actively refused: TCP reset or ICMP unreachable. */
        REFUSED,
        /** No answer within the deadline. */
        TIMEOUT,
        /** Anything else (the agent prints the reason). */
        ERROR
    }

    private final Process process;
    private final PrintWriter in;
    private final BufferedReader out;
    private final AtomicInteger ids = new AtomicInteger();

    LabClient(Process process) {
        this.process = process;
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** A held connection: probe it, close it. */
    public record Connection(String id, Outcome outcome) {
        public boolean ok() {
            return outcome == Outcome.OK;
        }
    }

    /** Opens n connections and asserts that each one works. */
    public static List<Connection> open(int n, Supplier<Connection> opener) {
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Connection c = opener.get();
            assertEquals(Outcome.OK, c.outcome(), "connection " + (i + 1) + " of " + n + " should be allowed");
            held.add(c);
        }
        return held;
    }

    public Connection tcp(String host, int port) {
        return open("tcp", host, port, "-");
    }

    public Connection udp(String host, int port) {
        return open("udp", host, port, "-");
    }

    /** Opens from a specific source address of this host (one of its extra addresses). */
    public Connection tcpFrom(String source, String host, int port) {
        return open("tcp", host, port, source);
    }

    public Connection udpFrom(String source, String host, int port) {
        return open("udp", host, port, source);
    }

    /** Opens a TCP connection to {@code host:port} through a SOCKS5 proxy reachable from this host. */
    public synchronized Connection tcpViaSocks(String proxyHost, int proxyPort, String host, int port) {
        String id = "c" + ids.incrementAndGet();
        String answer = ask("socks " + id + " " + proxyHost + " " + proxyPort + " " + host + " " + port);
        return new Connection(id, Outcome.valueOf(answer));
    }

    /** Sends one more echo over a held connection: does it still work? */
    public Outcome probe(Connection connection) {
        return Outcome.valueOf(ask("probe " + connection.id()));
    }

    public void close(Connection connection) {
        ask("close " + connection.id());
    }

    private synchronized Connection open(String kind, String host, int port, String source) {
        String id = "c" + ids.incrementAndGet();
        String answer = ask(kind + " " + id + " " + host + " " + port + " " + source);
        return new Connection(id, Outcome.valueOf(answer));
    }

    private synchronized String ask(String command) {
        in.println(command);
        try {
            String line = readLine(out, process, 15);
            if (line == null) {
                throw new IllegalStateException("lab client exited while running: " + command);
            }
            return line.split(" ", 2)[0];
        } catch (IOException e) {
            throw new IllegalStateException("lab client failed on: " + command, e);
        }
    }

    /** Reads one line within a deadline, so a stuck agent fails the test instead of hanging it. */
    static String readLine(BufferedReader reader, Process process, int seconds) throws IOException {
        CompletableFuture<String> line = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                line.complete(reader.readLine());
            } catch (IOException e) {
                line.completeExceptionally(e);
            }
        }, "lab-read");
        thread.setDaemon(true);
        thread.start();
        try {
            return line.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no answer from lab agent (pid " + process.pid() + ") within " + seconds + " s");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
