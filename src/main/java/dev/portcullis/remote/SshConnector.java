package dev.portcullis.remote;

import dev.portcullis.model.AuthKind;
import dev.portcullis.model.Server;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthKeyboardInteractive;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.PasswordResponseProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;
import com.hierynomus.sshj.key.KeyAlgorithm;

/**
 * Opens verified, authenticated SSH sessions with sshj. Host keys are checked against the
 * {@link HostKeyStore} (and, if enabled, ~/.ssh/known_hosts) before anything is sent; secrets come
 * from the {@link CredentialSource} only when needed and are wiped after use.
 */
public final class SshConnector implements AutoCloseable {


    /** Key families a host may offer; {@link #scan} asks for each one in turn. */
    private static final List<List<String>> FAMILIES = List.of(
            List.of("ssh-ed25519"),
            List.of("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"),
            List.of("rsa-sha2-512", "rsa-sha2-256"));

    private final HostKeyStore hostKeys;
    private final CredentialSource credentials;
    private final SshSettings settings;
    private final SshThreads threads;
    /** Whether {@link #close()} ends {@link #threads} (they were created here, not handed in). */
    private final boolean ownsThreads;

    /** A connector with threads of its own, ended by {@link #close()}. */
    public SshConnector(HostKeyStore hostKeys, CredentialSource credentials, SshSettings settings) {
        this(hostKeys, credentials, settings, new SshThreads(), true);
    }

    /** A connector on threads owned by the caller, who closes them; {@link #close()} leaves them running. */
    public SshConnector(HostKeyStore hostKeys, CredentialSource credentials, SshSettings settings, SshThreads threads) {
        this(hostKeys, credentials, settings, threads, false);
    }

    private SshConnector(HostKeyStore hostKeys, CredentialSource credentials, SshSettings settings, SshThreads threads,
                         boolean ownsThreads) {
        this.hostKeys = hostKeys;
        this.credentials = credentials;
        this.settings = settings;
        this.threads = threads;
        this.ownsThreads = ownsThreads;
    }

    /** Ends the threads this connector created itself; sessions still open stop reading. */
    @Override
    public void close() {
        if (ownsThreads) {
            threads.close();
        }
    }

    SshThreads threads() {
        return threads;
    }

    public SshSettings settings() {
        return settings;
    }

    CredentialSource credentials() {
        return credentials;
    }

    /**
     * Connects, verifies the host key, logs in. The caller closes the session. Only the key types
     * recorded for host:port (else those of matching known_hosts lines) are offered in the key
     * exchange, so a server cannot steer it to a type nobody verified; keys of other types are
     * never learned.
     */
    public SshSession open(Server server) throws RemoteException {
        List<HostKey> recorded = hostKeys.keysFor(server.host(), server.port());
        HostKeyCheck check = new HostKeyCheck(server.host(), server.port(), recorded,
                HostKeyCheck.knownHosts(settings.knownHosts()));
        List<String> pinned = check.findExistingAlgorithms(server.host(), server.port());
        ModernConfig config = new ModernConfig(pinned.isEmpty() ? ModernConfig.HOST_KEYS : pinned);
        SSHClient client = newClient(config, check, settings.connect());
        long started = System.nanoTime();
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = threads.watchdog().schedule(() -> {
            timedOut.set(true);
            closeQuietly(client);
        }, settings.connect().toMillis(), TimeUnit.MILLISECONDS);
        try {
            try {
                connect(client, server);
            } catch (IOException e) {
                if (check.failure() != null) {
                    throw check.failure();
                }
                if (!pinned.isEmpty() && check.presented() == null && !timedOut.get() && e instanceof TransportException) {
                    // No key of a trusted type was offered (or no algorithm in common): see what the
                    // host presents instead, to name it. That handshake never logs in.
                    Duration left = settings.connect().minusNanos(System.nanoTime() - started);
                    Handshake probe = left.toMillis() < 1 ? new Handshake(null, e, true)
                            : handshake(server, ModernConfig.HOST_KEYS, left);
                    if (probe.key() != null && !check.trusts(probe.key())) {
                        throw check.changedType(probe.key());
                    }
                }
                throw connectFailure(server, e, timedOut.get());
            }
            try {
                // The user key's signature algorithms are taken from the same list as the host
                // key algorithms: widen it for the login only, and pin it again afterwards.
                config.signing(true);
                try {
                    authenticate(client, server);
                } finally {
                    config.signing(false);
                }
            } catch (UserAuthException e) {
                throw new RemoteException(RemoteException.Reason.AUTH_FAILED, server.address()
                        + " refused the " + server.auth().id() + " login" + detail(e), e);
            } catch (IOException e) {
                throw connectFailure(server, e, timedOut.get());
            }
            if (!watchdog.cancel(false) || timedOut.get()) {
                throw new RemoteException(RemoteException.Reason.TIMEOUT, server.address()
                        + " did not complete the SSH login within " + settings.connect().toSeconds() + " s");
            }
            try {
                client.getSocket().setSoTimeout(0);
                if (!settings.keepAlive().isZero()) {
                    client.getConnection().getKeepAlive().setKeepAliveInterval((int) Math.max(1, settings.keepAlive().toSeconds()));
                }
            } catch (IOException e) {
                throw connectFailure(server, e, false);
            }
            return new SshSession(server, client, this);
        } catch (RemoteException e) {
            watchdog.cancel(false);
            closeQuietly(client);
            throw e;
        }
    }

    private static String detail(Exception e) {
        return e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
    }

    private RemoteException connectFailure(Server server, IOException e, boolean watchdogFired) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String where = server.address();
        if (watchdogFired || root instanceof SocketTimeoutException) {
            boolean tcp = e instanceof SocketTimeoutException && e.getMessage() != null && e.getMessage().contains("connect");
            if (tcp) {
                return new RemoteException(RemoteException.Reason.UNREACHABLE, where + " did not answer within "
                        + settings.connect().toSeconds() + " s", e);
            }
            return new RemoteException(RemoteException.Reason.TIMEOUT, where + " did not complete the SSH handshake within "
                    + settings.connect().toSeconds() + " s", e);
        }
        if (root instanceof ConnectException) {
            return new RemoteException(RemoteException.Reason.UNREACHABLE, where + ": connection refused", e);
        }
        if (root instanceof NoRouteToHostException) {
            return new RemoteException(RemoteException.Reason.UNREACHABLE, where + ": no route to host", e);
        }
        if (root instanceof UnknownHostException) {
            return new RemoteException(RemoteException.Reason.UNREACHABLE, where + ": unknown host " + server.host(), e);
        }
        if (e instanceof TransportException) {
            return new RemoteException(RemoteException.Reason.UNREACHABLE, where + ": SSH handshake failed" + detail(e), e);
        }
        return new RemoteException(RemoteException.Reason.UNREACHABLE, where + ": " + e, e);
    }

    private SSHClient newClient(ModernConfig config, HostKeyVerifier verifier, Duration timeout) {
        if (!settings.keepAlive().isZero()) {
            config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        }
        SSHClient client = new SSHClient(config);
        client.addHostKeyVerifier(verifier);
        int millis = (int) Math.max(1, timeout.toMillis());
        client.setConnectTimeout(millis);
        client.setTimeout(millis);
        client.getTransport().setTimeoutMs(millis);
        return client;
    }

    private void authenticate(SSHClient client, Server server) throws IOException, RemoteException {
        if (server.auth() == AuthKind.PASSWORD) {
            Optional<char[]> password = credentials.password(server);
            if (password.isEmpty()) {
                throw new RemoteException(RemoteException.Reason.AUTH_FAILED, "no password is stored for " + server.name());
            }
            char[] secret = password.get();
            PasswordFinder finder = new PasswordFinder() {
                @Override
                public char[] reqPassword(Resource<?> resource) {
                    return secret.clone();
                }

                @Override
                public boolean shouldRetry(Resource<?> resource) {
                    return false;
                }
            };
            try {
                // "password", then "keyboard-interactive" answered with the same password: servers
                // with PasswordAuthentication off but KbdInteractiveAuthentication on ask that way.
                client.auth(server.user(), new AuthPassword(finder),
                        new AuthKeyboardInteractive(new PasswordResponseProvider(finder)));
            } finally {
                Arrays.fill(secret, '\0');
            }
            return;
        }
        Optional<char[]> passphrase = credentials.keyPassphrase(server);
        KeyProvider key;
        try {
            key = KeyFiles.load(client, KeyFiles.path(server.keyPath()), passphrase);
        } catch (IOException | RuntimeException e) {
            throw new RemoteException(RemoteException.Reason.AUTH_FAILED, "cannot read key file " + server.keyPath()
                    + (passphrase.isPresent() ? " (wrong passphrase?)" : " (missing, unreadable or needs a passphrase)")
                    + detail(e), e);
        } finally {
            passphrase.ifPresent(p -> Arrays.fill(p, '\0'));
        }
        client.authPublickey(server.user(), key);
    }

    /**
     * Every host key the server offers, one handshake per key family; a host that does not answer
     * the first one within the connect timeout is not asked again. Nothing is recorded and no login
     * is attempted; the caller shows the fingerprints and records exactly those the operator
     * confirmed ({@link #trust}, {@link #record}).
     */
    public List<HostKey> scan(String host, int port) throws RemoteException {
        List<HostKey> found = new ArrayList<>();
        RemoteException failure = null;
        Server probe = new Server(0, "scan", host, port, "root", AuthKind.PASSWORD, null, false);
        for (List<String> family : FAMILIES) {
            Handshake h = handshake(probe, family, settings.connect());
            if (h.key() != null) {
                if (found.stream().noneMatch(h.key()::sameKeyAs)) {
                    found.add(h.key());
                }
            } else if (h.timedOut() || !(h.failure() instanceof TransportException)) {
                // A silent or unreachable host: asking for the next key type would not help. (A host
                // without a key of this family fails the key exchange: then the next one is asked for.)
                failure = connectFailure(probe, h.failure(), h.timedOut());
                break;
            }
        }
        if (found.isEmpty()) {
            throw failure != null ? failure
                    : new RemoteException(RemoteException.Reason.ERROR, host + ":" + port + " offers no host key, key"
                    + " exchange, cipher or MAC this client accepts (modern algorithms only: " + ModernConfig.describe() + ")");
        }
        return List.copyOf(found);
    }

    /** The outcome of a handshake that only looks at the host key: the key, or why there was none. */
    private record Handshake(HostKey key, IOException failure, boolean timedOut) {
    }

    /**
     * One key exchange offering only these host key algorithms, within {@code timeout}. The key is
     * captured and refused, so the connection ends before any login.
     */
    private Handshake handshake(Server server, List<String> hostKeyAlgorithms, Duration timeout) {
        AtomicReference<HostKey> seen = new AtomicReference<>();
        HostKeyVerifier capture = new HostKeyVerifier() {
            @Override
            public boolean verify(String hostname, int p, PublicKey key) {
                seen.compareAndSet(null, HostKey.of(key));
                return false;
            }

            @Override
            public List<String> findExistingAlgorithms(String hostname, int p) {
                return hostKeyAlgorithms;
            }
        };
        SSHClient client = newClient(new ModernConfig(hostKeyAlgorithms), capture, timeout);
        long started = System.nanoTime();
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = threads.watchdog().schedule(() -> {
            timedOut.set(true);
            closeQuietly(client);
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            connect(client, server);
            return new Handshake(seen.get(), null, false); // not reached: the key was refused
        } catch (IOException e) {
            // sshj's own read timeout may end the attempt just before the watchdog does.
            boolean silent = timedOut.get() || timeoutCaused(e) || System.nanoTime() - started >= timeout.toNanos();
            return new Handshake(seen.get(), e, silent);
        } finally {
            watchdog.cancel(false);
            closeQuietly(client);
        }
    }

    /**
     * sshj throws {@link IllegalStateException} ("Not connected") when the transport is closed under
     * a connect in progress (the watchdog, or the server hanging up during the key exchange): that is
     * a failed connection like any other.
     */
    private static void connect(SSHClient client, Server server) throws IOException {
        try {
            client.connect(server.host(), server.port());
        } catch (IllegalStateException e) {
            throw new TransportException("the connection closed during the SSH handshake", e);
        }
    }

    private static boolean timeoutCaused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Scans the server and records what the operator confirmed, replacing what was recorded for
     * host:port: with {@code expectedFingerprint}, only the one key with that fingerprint (the
     * other keys of the scan were verified by nobody: shown, never recorded); with null (the
     * operator said yes to what this run shows), exactly the keys of this scan.
     */
    public List<HostKey> trust(Server server, String expectedFingerprint) throws RemoteException {
        List<HostKey> shown = scan(server.host(), server.port());
        List<HostKey> keys = shown;
        if (expectedFingerprint != null) {
            String wanted = HostKey.normalizeFingerprint(expectedFingerprint);
            keys = shown.stream().filter(k -> k.fingerprint().equals(wanted)).limit(1).toList();
            if (keys.isEmpty()) {
                throw new RemoteException(RemoteException.Reason.HOST_KEY_CHANGED, server.host() + ":" + server.port()
                        + " does not present " + wanted + "; it presents " + shown + ". Nothing was recorded.");
            }
        }
        record(server, keys);
        return keys;
    }

    /**
     * Records exactly these keys for the server's host:port (replacing what was there): the keys
     * the operator was shown and accepted, never a new scan.
     */
    public void record(Server server, List<HostKey> shown) {
        if (shown.isEmpty()) {
            throw new IllegalArgumentException("no host key to record for " + server.address());
        }
        hostKeys.record(server.host(), server.port(), shown);
    }

    /** The keys recorded for the server's host:port; empty when it was never trusted. */
    public List<HostKey> recorded(Server server) {
        return hostKeys.keysFor(server.host(), server.port());
    }

    /**
     * sshj's configuration restricted to modern algorithms. The host key algorithms offered are
     * only the pinned ones, except while the client signs its own login ({@link #signing}): sshj
     * picks user-key signature algorithms from the same list.
     */
    static final class ModernConfig extends DefaultConfig {

        static final List<String> KEX = List.of("curve25519-sha256", "curve25519-sha256@libssh.org",
                "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
                "diffie-hellman-group-exchange-sha256", "diffie-hellman-group16-sha512",
                "diffie-hellman-group18-sha512", "diffie-hellman-group14-sha256", "ext-info-c");
        static final List<String> CIPHERS = List.of("chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com",
                "aes128-gcm@openssh.com", "aes256-ctr", "aes192-ctr", "aes128-ctr");
        static final List<String> MACS = List.of("hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com",
                "hmac-sha2-256", "hmac-sha2-512");
        static final List<String> HOST_KEYS = List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
                "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256");
        private static final List<String> USER_KEYS = List.of("ssh-ed25519", "ssh-ed25519-cert-v01@openssh.com",
                "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp384",
                "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521",
                "ecdsa-sha2-nistp521-cert-v01@openssh.com", "rsa-sha2-512", "rsa-sha2-256");

        private final List<Factory.Named<KeyAlgorithm>> hostKeyAlgorithms;
        private final List<Factory.Named<KeyAlgorithm>> signatureAlgorithms;
        private volatile boolean signing;

        ModernConfig(List<String> hostKeyAlgorithms) {
            setKeyExchangeFactories(only(getKeyExchangeFactories(), KEX));
            setCipherFactories(only(getCipherFactories(), CIPHERS));
            setMACFactories(only(getMACFactories(), MACS));
            List<Factory.Named<KeyAlgorithm>> all = super.getKeyAlgorithms();
            this.hostKeyAlgorithms = only(all, hostKeyAlgorithms.stream().filter(HOST_KEYS::contains).toList());
            this.signatureAlgorithms = only(all, USER_KEYS);
        }

        /** The factories named, in the order of the names. */
        private static <T> List<Factory.Named<T>> only(List<Factory.Named<T>> available, List<String> names) {
            List<Factory.Named<T>> out = new ArrayList<>();
            for (String name : names) {
                available.stream().filter(f -> f.getName().equals(name)).findFirst().ifPresent(out::add);
            }
            return out;
        }

        void signing(boolean on) {
            signing = on;
        }

        @Override
        public List<Factory.Named<KeyAlgorithm>> getKeyAlgorithms() {
            return signing ? signatureAlgorithms : hostKeyAlgorithms;
        }

        static String describe() {
            return String.join(",", KEX.subList(0, KEX.size() - 1)) + "; " + String.join(",", CIPHERS) + "; "
                    + String.join(",", MACS) + "; " + String.join(",", HOST_KEYS);
        }
    }

    static void closeQuietly(SSHClient client) {
        try {
            client.disconnect();
        } catch (IOException | RuntimeException ignored) {
            // already gone
        }
    }
}
