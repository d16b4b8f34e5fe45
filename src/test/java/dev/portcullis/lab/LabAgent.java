package dev.portcullis.lab;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny program the lab runs inside namespaces (plain JDK, no dependencies): {@code serve PORT...}
 * echoes TCP lines and UDP datagrams on every address; {@code client} reads commands on stdin
 * ({@code tcp|udp ID HOST PORT SRC}, {@code socks ID PROXYHOST PROXYPORT HOST PORT}, {@code probe ID},
 * {@code close ID}) and answers one line each,
 * starting with OK, REFUSED, TIMEOUT or ERROR.
 */
public final class LabAgent {

    private static final int TIMEOUT_MILLIS = 3000;
    private static final byte[] PING = "ping\n".getBytes(StandardCharsets.US_ASCII);

    private LabAgent() {
    }

    static String[] command(String mode, int... ports) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", LabHost.testClasses().toString(), LabAgent.class.getName(), mode));
        for (int port : ports) {
            command.add(Integer.toString(port));
        }
        return command.toArray(String[]::new);
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("serve")) {
            serve(args);
        } else if (args.length > 0 && args[0].equals("client")) {
            client();
        } else if (args.length == 4 && args[0].equals("connect-loop")) {
            connectLoop(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        } else if (args.length == 4 && args[0].equals("udp-echo-loop")) {
            udpEchoLoop(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        } else {
            System.err.println("usage: LabAgent serve PORT... | client | connect-loop HOST PORT COUNT | udp-echo-loop HOST PORT COUNT");
            System.exit(2);
        }
    }

    private static void serve(String[] args) throws IOException {
        for (int i = 1; i < args.length; i++) {
            int port = Integer.parseInt(args[i]);
            ServerSocket tcp = new ServerSocket();
            tcp.setReuseAddress(true);
            tcp.bind(new InetSocketAddress("::", port), 1024);
            daemon(() -> acceptLoop(tcp));
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress("::", port));
            daemon(() -> udpLoop(udp));
        }
        System.out.println("ready");
        System.out.flush();
        // Live until the lab stops us or stdin closes.
        while (System.in.read() >= 0) {
            // ignore
        }
    }

    /**
     * Benchmarks: COUNT connection attempts one after the other, each ending in a reset (ours with
     * SO_LINGER 0 where a listener accepts, the kernel's where none listens). Prints the nanoseconds
     * per attempt (median of 5 slices, after a warm-up slice), or FAILED n when some timed out.
     */
    private static void connectLoop(String host, int port, int count) {
        InetSocketAddress target = new InetSocketAddress(host, port);
        int slices = 5;
        long[] perSlice = new long[slices];
        int failed = 0;
        for (int s = -1; s < slices; s++) {
            long start = System.nanoTime();
            for (int i = 0; i < count / slices; i++) {
                try (Socket socket = new Socket()) {
                    socket.setSoLinger(true, 0);
                    socket.connect(target, TIMEOUT_MILLIS);
                } catch (ConnectException e) {
                    // Reset by the kernel: the attempt completed.
                } catch (IOException e) {
                    failed++;
                }
            }
            if (s >= 0) {
                perSlice[s] = (System.nanoTime() - start) / (count / slices);
            }
        }
        printMedian(perSlice, failed);
    }

    /**
     * Benchmarks: COUNT round trips of a small datagram over one UDP flow (after the first, every
     * request is a packet of an established flow: one packet through the server's input rules per
     * round trip). Prints nanoseconds per round trip (median of 5 slices after a warm-up slice), or
     * FAILED n when some got no answer.
     */
    private static void udpEchoLoop(String host, int port, int count) throws IOException {
        int slices = 5;
        long[] perSlice = new long[slices];
        int failed = 0;
        byte[] request = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        byte[] reply = new byte[64];
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(new InetSocketAddress(host, port));
            socket.setSoTimeout(TIMEOUT_MILLIS);
            for (int s = -1; s < slices; s++) {
                long start = System.nanoTime();
                for (int i = 0; i < count / slices; i++) {
                    socket.send(new DatagramPacket(request, request.length));
                    try {
                        socket.receive(new DatagramPacket(reply, reply.length));
                    } catch (IOException e) {
                        failed++;
                    }
                }
                if (s >= 0) {
                    perSlice[s] = (System.nanoTime() - start) / (count / slices);
                }
            }
        }
        printMedian(perSlice, failed);
    }

    /** Prints the median of the slices' nanoseconds, or FAILED n when {@code failed} attempts failed. */
    private static void printMedian(long[] perSlice, int failed) {
        java.util.Arrays.sort(perSlice);
        System.out.println(failed == 0 ? Long.toString(perSlice[perSlice.length / 2]) : "FAILED " + failed);
    }

    private static void acceptLoop(ServerSocket server) {
        while (true) {
            try {
                Socket socket = server.accept();
                daemon(() -> echo(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void echo(Socket socket) {
        try (socket) {
            var in = socket.getInputStream();
            var out = socket.getOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // The client went away.
        }
    }

    private static void udpLoop(DatagramSocket socket) {
        byte[] buffer = new byte[2048];
        while (true) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                socket.send(new DatagramPacket(packet.getData(), packet.getLength(), packet.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void client() throws IOException {
        Map<String, Closeable> connections = new HashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] word = line.trim().split(" ");
            String answer;
            try {
                answer = switch (word[0]) {
                    case "tcp" -> openTcp(connections, word[1], word[2], Integer.parseInt(word[3]), word[4]);
                    case "udp" -> openUdp(connections, word[1], word[2], Integer.parseInt(word[3]), word[4]);
                    case "socks" -> openSocks(connections, word[1], word[2], Integer.parseInt(word[3]),
                            word[4], Integer.parseInt(word[5]));
                    case "probe" -> probe(connections.get(word[1]));
                    case "close" -> {
                        Closeable c = connections.remove(word[1]);
                        if (c != null) {
                            c.close();
                        }
                        yield "OK closed";
                    }
                    default -> "ERROR unknown command " + word[0];
                };
            } catch (RuntimeException e) {
                answer = "ERROR " + e;
            }
            System.out.println(answer);
            System.out.flush();
        }
    }

    private static String openTcp(Map<String, Closeable> connections, String id, String host, int port, String source) {
        Socket socket = new Socket();
        try {
            if (!source.equals("-")) {
                socket.bind(new InetSocketAddress(source, 0));
            }
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            connections.put(id, socket);
            return probe(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            return classify(e);
        }
    }

    /** A TCP connection through a SOCKS5 proxy (e.g. a V2Ray client's socks inbound). */
    private static String openSocks(Map<String, Closeable> connections, String id, String proxyHost, int proxyPort,
                                    String host, int port) {
        Socket socket = new Socket(new java.net.Proxy(java.net.Proxy.Type.SOCKS, new InetSocketAddress(proxyHost, proxyPort)));
        try {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.connect(InetSocketAddress.createUnresolved(host, port), TIMEOUT_MILLIS);
            connections.put(id, socket);
            return probe(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            return classify(e);
        }
    }

    private static String openUdp(Map<String, Closeable> connections, String id, String host, int port, String source) {
        try {
            DatagramSocket socket = source.equals("-") ? new DatagramSocket() : new DatagramSocket(new InetSocketAddress(source, 0));
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.connect(new InetSocketAddress(host, port));
            connections.put(id, socket);
            return probe(socket);
        } catch (IOException e) {
            return classify(e);
        }
    }

    private static String probe(Closeable connection) {
        try {
            if (connection instanceof Socket socket) {
                OutputStream out = socket.getOutputStream();
                out.write(PING);
                out.flush();
                byte[] answer = socket.getInputStream().readNBytes(PING.length);
                return answer.length == PING.length ? "OK" : "REFUSED closed by peer";
            }
            if (connection instanceof DatagramSocket socket) {
                socket.send(new DatagramPacket(PING, PING.length));
                DatagramPacket reply = new DatagramPacket(new byte[64], 64);
                socket.receive(reply);
                return "OK";
            }
            return "ERROR no such connection";
        } catch (IOException e) {
            return classify(e);
        }
    }

    private static String classify(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "TIMEOUT " + e.getMessage();
        }
        if (e instanceof ConnectException || e instanceof PortUnreachableException
                || (e instanceof SocketException && String.valueOf(e.getMessage()).contains("reset"))) {
            return "REFUSED " + e.getMessage();
        }
        return "ERROR " + e;
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private static void daemon(Runnable body) {
        Thread thread = new Thread(body);
        thread.setDaemon(true);
        thread.start();
    }
}
