package dev.portcullis.remote;

import java.io.File;
import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Verifies the key a host presents during the handshake against what the operator recorded (every
 * type) and, optionally, the user's OpenSSH known_hosts. It never trusts silently: an unknown host
 * and a changed key are both refused before anything (password, command) is sent. After a
 * refusal {@link #failure()} explains it, naming old and new fingerprints.
 */
final class HostKeyCheck implements HostKeyVerifier {

    private final String host;
    private final int port;
    private final List<HostKey> recorded;
    private final OpenSSHKnownHosts knownHosts;
    private final String knownHostsName;
    private volatile HostKey presented;
    private volatile RemoteException failure;

    HostKeyCheck(String host, int port, List<HostKey> recorded, OpenSSHKnownHosts knownHosts) {
        this.host = host;
        this.port = port;
        this.recorded = List.copyOf(recorded);
        this.knownHosts = knownHosts;
        this.knownHostsName = knownHosts == null ? "" : String.valueOf(knownHosts.getFile());
    }

    /** An OpenSSH known_hosts file, or null when there is none or it cannot be read. */
    static OpenSSHKnownHosts knownHosts(java.nio.file.Path path) {
        if (path == null) {
            return null;
        }
        File file = path.toFile();
        if (!file.isFile()) {
            return null;
        }
        try {
            return new OpenSSHKnownHosts(file) {
                @Override
                protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
                    return false;
                }

                @Override
                protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
                    return false;
                }
            };
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public boolean verify(String hostname, int p, PublicKey key) {
        HostKey offered = HostKey.of(key);
        presented = offered;
        List<HostKey> sameType = new ArrayList<>();
        for (HostKey k : recorded) {
            if (k.sameKeyAs(offered)) {
                return true;
            }
            if (k.type().equals(offered.type())) {
                sameType.add(k);
            }
        }
        if (!sameType.isEmpty()) {
            failure = changed(sameType.get(0).fingerprint(), offered, "recorded");
            return false;
        }
        if (knownHosts != null) {
            String khName = port == 22 ? host : "[" + host + "]:" + port;
            KeyType type = KeyType.fromKey(key);
            for (OpenSSHKnownHosts.KnownHostEntry entry : knownHosts.entries()) {
                try {
                    if (entry.appliesTo(type, khName) || entry.appliesTo(type, host)) {
                        if (entry.verify(key)) {
                            return true;
                        }
                        failure = changed(sha256Of(entry), offered, "in " + knownHostsName);
                        return false;
                    }
                } catch (IOException e) {
                    // a malformed known_hosts line never trusts anything
                }
            }
        }
        failure = new RemoteException(RemoteException.Reason.HOST_KEY_UNTRUSTED, "the host key of " + where()
                + " (" + offered + ") is not trusted yet; check it and run 'portcullis server trust' first");
        return false;
    }

    /** The SHA256 fingerprint of a known_hosts entry (sshj only offers MD5). */
    private static String sha256Of(OpenSSHKnownHosts.KnownHostEntry entry) {
        String[] fields = entry.getLine().trim().split("\\s+");
        int at = fields.length > 0 && fields[0].startsWith("@") ? 1 : 0;
        try {
            return HostKey.fingerprint(java.util.Base64.getDecoder().decode(fields[at + 2]));
        } catch (RuntimeException e) {
            return entry.getFingerprint();
        }
    }

    private RemoteException changed(String oldFingerprint, HostKey offered, String source) {
        return new RemoteException(RemoteException.Reason.HOST_KEY_CHANGED, "HOST KEY CHANGED for " + where()
                + ": " + source + " " + offered.type() + " key " + oldFingerprint + ", host now presents "
                + offered.fingerprint() + ". Nothing was sent. If the server was reinstalled, verify the new "
                + "fingerprint and run 'portcullis server trust' again; otherwise someone may be intercepting.");
    }

    private String where() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Which key algorithms to offer first: those of the recorded and known types, so an RSA-only record works. */
    @Override
    public List<String> findExistingAlgorithms(String hostname, int p) {
        Set<String> algorithms = new LinkedHashSet<>();
        for (HostKey k : recorded) {
            algorithms.addAll(algorithmsFor(k.type()));
        }
        if (knownHosts != null) {
            for (String known : knownHosts.findExistingAlgorithms(hostname, p)) {
                algorithms.addAll(algorithmsFor(known));
            }
        }
        return List.copyOf(algorithms);
    }

    /** Signature algorithms that prove possession of a key of this type. */
    static List<String> algorithmsFor(String keyType) {
        if ("ssh-rsa".equals(keyType)) {
            return List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa");
        }
        return List.of(keyType);
    }

    HostKey presented() {
        return presented;
    }

    RemoteException failure() {
        return failure;
    }
}
