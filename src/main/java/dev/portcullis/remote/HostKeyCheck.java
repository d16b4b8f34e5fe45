package dev.portcullis.remote;

import java.io.File;
import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Verifies the key a host presents during the handshake. What the operator recorded for host:port
 * decides alone; only when nothing is recorded are the matching lines of the user's OpenSSH
 * known_hosts consulted ({@code host} for port 22, {@code [host]:port} otherwise; every matching
 * line counts; {@code @cert-authority} lines are skipped and a key on a {@code @revoked} line is
 * refused). It never trusts silently: an unknown host, a changed key and a key of a type that was
 * never recorded are all refused before anything (password, command) is sent. After a refusal
 * {@link #failure()} explains it, naming the recorded and the presented fingerprints.
 */
final class HostKeyCheck implements HostKeyVerifier {

    private final String host;
    private final int port;
    private final List<HostKey> recorded;
    private final List<KnownLine> knownHosts;
    private final String knownHostsName;
    private volatile HostKey presented;
    private volatile RemoteException failure;

    /** One usable known_hosts line for this host: its key, and whether it is a revocation. */
    private record KnownLine(HostKey key, boolean revoked) {
    }

    HostKeyCheck(String host, int port, List<HostKey> recorded, OpenSSHKnownHosts knownHosts) {
        this.host = host;
        this.port = port;
        this.recorded = List.copyOf(recorded);
        this.knownHosts = knownHosts == null ? List.of() : linesFor(knownHosts, knownHostsName(host, port));
        this.knownHostsName = knownHosts == null ? "known_hosts" : String.valueOf(knownHosts.getFile());
    }

    /** How OpenSSH names host:port in known_hosts: the bare host for port 22, else {@code [host]:port}. */
    static String knownHostsName(String host, int port) {
        return port == 22 ? host : "[" + host + "]:" + port;
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
            return new OpenSSHKnownHosts(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static List<KnownLine> linesFor(OpenSSHKnownHosts file, String name) {
        List<KnownLine> out = new ArrayList<>();
        for (OpenSSHKnownHosts.KnownHostEntry entry : file.entries()) {
            String[] fields = entry.getLine().trim().split("\\s+");
            OpenSSHKnownHosts.Marker marker = fields.length > 0 ? OpenSSHKnownHosts.Marker.fromString(fields[0]) : null;
            int at = marker == null ? 0 : 1;
            if (marker == OpenSSHKnownHosts.Marker.CA_CERT || fields.length < at + 3) {
                continue; // certificates are not supported: a CA line vouches for no plain key
            }
            try {
                if (entry.appliesTo(name)) {
                    byte[] blob = java.util.Base64.getDecoder().decode(fields[at + 2]);
                    out.add(new KnownLine(new HostKey(fields[at + 1], HostKey.fingerprint(blob), fields[at + 2]),
                            marker == OpenSSHKnownHosts.Marker.REVOKED));
                }
            } catch (IOException | IllegalArgumentException e) {
                // a malformed known_hosts line never trusts anything
            }
        }
        return out;
    }

    @Override
    public boolean verify(String hostname, int p, PublicKey key) {
        HostKey offered = HostKey.of(key);
        presented = offered;
        if (knownHosts.stream().anyMatch(l -> l.revoked() && l.key().sameKeyAs(offered))) {
            failure = new RemoteException(RemoteException.Reason.HOST_KEY_CHANGED, "HOST KEY REVOKED for " + where()
                    + ": " + offered + " is marked @revoked in " + knownHostsName + ". Nothing was sent.");
            return false;
        }
        if (!recorded.isEmpty()) {
            if (recorded.stream().anyMatch(k -> k.sameKeyAs(offered))) {
                return true;
            }
            failure = changed(recorded, offered, "recorded");
            return false;
        }
        List<HostKey> known = trustedKnownHosts();
        if (known.stream().anyMatch(k -> k.sameKeyAs(offered))) {
            return true;
        }
        if (!known.isEmpty()) {
            failure = changed(known, offered, "in " + knownHostsName);
            return false;
        }
        failure = new RemoteException(RemoteException.Reason.HOST_KEY_UNTRUSTED, "the host key of " + where()
                + " (" + offered + ") is not trusted yet; check it and run 'portcullis server trust' first");
        return false;
    }

    private List<HostKey> trustedKnownHosts() {
        return knownHosts.stream().filter(l -> !l.revoked()).map(KnownLine::key).toList();
    }

    /** The keys this check trusts: the recorded ones, else those of known_hosts. */
    private List<HostKey> trusted() {
        return recorded.isEmpty() ? trustedKnownHosts() : recorded;
    }

    private RemoteException changed(List<HostKey> trusted, HostKey offered, String source) {
        return new RemoteException(RemoteException.Reason.HOST_KEY_CHANGED, "HOST KEY CHANGED for " + where()
                + ": " + source + " " + describe(trusted) + "; host now presents " + offered
                + ". Nothing was sent. If the server was reinstalled, verify the new "
                + "fingerprint and run 'portcullis server trust' again; otherwise someone may be intercepting.");
    }

    /** True when this key is one of the trusted ones (recorded, else from known_hosts). */
    boolean trusts(HostKey key) {
        return trusted().stream().anyMatch(key::sameKeyAs);
    }

    /**
     * The refusal when the host offered no key of a trusted type but presents {@code offered}
     * when asked for any: a key type nobody verified is as alarming as a changed key.
     */
    RemoteException changedType(HostKey offered) {
        List<HostKey> trusted = trusted();
        String types = trusted.stream().map(HostKey::type).distinct().collect(Collectors.joining(", "));
        return new RemoteException(RemoteException.Reason.HOST_KEY_CHANGED, "HOST KEY CHANGED for " + where()
                + ": it offers no key of the recorded type(s) " + types + " (recorded " + describe(trusted)
                + ") and presents " + offered + " instead. Nothing was sent. If the server was reinstalled, verify its "
                + "new fingerprint and run 'portcullis server trust' again; otherwise someone may be intercepting.");
    }

    private static String describe(List<HostKey> keys) {
        return keys.stream().map(HostKey::toString).collect(Collectors.joining(", "));
    }

    private String where() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The only host key algorithms to offer: those of the trusted key types (recorded, else from
     * known_hosts); empty when nothing is trusted yet.
     */
    @Override
    public List<String> findExistingAlgorithms(String hostname, int p) {
        Set<String> algorithms = new LinkedHashSet<>();
        for (HostKey k : trusted()) {
            algorithms.addAll(algorithmsFor(k.type()));
        }
        return List.copyOf(algorithms);
    }

    /** Signature algorithms that prove possession of a key of this type. */
    static List<String> algorithmsFor(String keyType) {
        if ("ssh-rsa".equals(keyType)) {
            return List.of("rsa-sha2-512", "rsa-sha2-256");
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
