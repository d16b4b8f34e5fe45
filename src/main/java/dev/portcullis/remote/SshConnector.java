package dev.portcullis.remote;

import dev.portcullis.model.AuthKind;
import dev.portcullis.model.Server;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
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
public final class SshConnector {


    /** Key families a host may offer; {@link #scan} asks for each one in turn. */
    private static final List<List<String>> FAMILIES = List.of(
            List.of("ssh-ed25519"),
            List.of("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"),
            List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"));

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "portcullis-ssh-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final HostKeyStore hostKeys;
    private final CredentialSource credentials;
    private final SshSettings settings;

    public SshConnector(HostKeyStore hostKeys, CredentialSource credentials, SshSettings settings) {
        this.hostKeys = hostKeys;
        this.credentials = credentials;
        this.settings = settings;
    }

    public SshSettings settings() {
        return settings;
    }

    CredentialSource credentials() {
        return credentials;
    }

    /** Connects, verifies the host key, logs in. The caller closes the session. */
    public SshSession open(Server server) throws RemoteException {
        List<HostKey> recorded = hostKeys.keysFor(server.host(), server.port());
        OpenSSHKnownHosts known = HostKeyCheck.knownHosts(settings.knownHosts());
        HostKeyCheck check = new HostKeyCheck(server.host(), server.port(), recorded, known);
        List<String> preferred = check.findExistingAlgorithms(server.host(), server.port());
        SSHClient client = newClient(preferred, check);
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            timedOut.set(true);
            closeQuietly(client);
        }, settings.connect().toMillis(), TimeUnit.MILLISECONDS);
        try {
            try {
                client.connect(server.host(), server.port());
            } catch (IOException e) {
                if (check.failure() != null) {
                    throw check.failure();
                }
                throw connectFailure(server, e, timedOut.get());
            }
            try {
                authenticate(client, server);
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

    private SSHClient newClient(List<String> preferredAlgorithms, HostKeyVerifier verifier) {
        DefaultConfig config = new DefaultConfig();
        if (!preferredAlgorithms.isEmpty()) {
            // Ask first for key types we can verify: a host with ed25519 and RSA keys whose record
            // holds only RSA must be asked for RSA (cf. sshj issue 526), never refused. The other
            // algorithms stay (after them): user-key signatures are chosen from the same list.
            List<Factory.Named<KeyAlgorithm>> ordered = new ArrayList<>();
            for (String name : preferredAlgorithms) {
                for (Factory.Named<KeyAlgorithm> f : config.getKeyAlgorithms()) {
                    if (f.getName().equals(name)) {
                        ordered.add(f);
                    }
                }
            }
            for (Factory.Named<KeyAlgorithm> f : config.getKeyAlgorithms()) {
                if (!ordered.contains(f)) {
                    ordered.add(f);
                }
            }
            config.setKeyAlgorithms(ordered);
        }
        if (!settings.keepAlive().isZero()) {
            config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        }
        SSHClient client = new SSHClient(config);
        client.addHostKeyVerifier(verifier);
        client.setConnectTimeout((int) settings.connect().toMillis());
        client.setTimeout((int) settings.connect().toMillis());
        client.getTransport().setTimeoutMs((int) settings.connect().toMillis());
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
     * Every host key the server offers, one handshake per key family. Nothing is recorded and no
     * login is attempted; the caller shows the fingerprints and records them on the operator's word.
     */
    public List<HostKey> scan(String host, int port) throws RemoteException {
        List<HostKey> found = new ArrayList<>();
        RemoteException lastFailure = null;
        for (List<String> family : FAMILIES) {
            List<HostKey> seen = new ArrayList<>();
            HostKeyVerifier capture = new HostKeyVerifier() {
                @Override
                public boolean verify(String hostname, int p, PublicKey key) {
                    seen.add(HostKey.of(key));
                    return false;
                }

                @Override
                public List<String> findExistingAlgorithms(String hostname, int p) {
                    return family;
                }
            };
            SSHClient client = newClient(family, capture);
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> closeQuietly(client),
                    settings.connect().toMillis(), TimeUnit.MILLISECONDS);
            try {
                client.connect(host, port);
            } catch (IOException e) {
                if (seen.isEmpty() && !(e instanceof TransportException)) {
                    Server probe = new Server(0, "scan", host, port, "root", AuthKind.PASSWORD, null, false);
                    lastFailure = connectFailure(probe, e, false);
                    break;
                }
            } finally {
                watchdog.cancel(false);
                closeQuietly(client);
            }
            for (HostKey k : seen) {
                if (found.stream().noneMatch(k::sameKeyAs)) {
                    found.add(k);
                }
            }
        }
        if (found.isEmpty()) {
            throw lastFailure != null ? lastFailure
                    : new RemoteException(RemoteException.Reason.ERROR, host + ":" + port + " offered no host key this client supports");
        }
        return List.copyOf(found);
    }

    /**
     * Records the server's host keys: all of them when {@code expectedFingerprint} is null (the
     * operator said yes to what was shown), else only when one of them has that fingerprint.
     */
    public List<HostKey> trust(Server server, String expectedFingerprint) throws RemoteException {
        List<HostKey> keys = scan(server.host(), server.port());
        if (expectedFingerprint != null) {
            String wanted = HostKey.normalizeFingerprint(expectedFingerprint);
            if (keys.stream().noneMatch(k -> k.fingerprint().equals(wanted))) {
                throw new RemoteException(RemoteException.Reason.HOST_KEY_CHANGED, server.host() + ":" + server.port()
                        + " does not present " + wanted + "; it presents " + keys + ". Nothing was recorded.");
            }
        }
        hostKeys.record(server.host(), server.port(), keys);
        return keys;
    }

    static void closeQuietly(SSHClient client) {
        try {
            client.disconnect();
        } catch (IOException | RuntimeException ignored) {
            // already gone
        }
    }
}
