package dev.portcullis.remote;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/**
 * One public host key as a server presents it.
 *
 * @param type        the SSH key type, e.g. {@code ssh-ed25519}, {@code ecdsa-sha2-nistp256}, {@code ssh-rsa}
 * @param fingerprint OpenSSH style {@code SHA256:<base64 without padding>} of the key blob
 * @param publicKey   the key blob in base64, as in a known_hosts line
 */
public record HostKey(String type, String fingerprint, String publicKey) {

    public HostKey {
        if (type == null || type.isBlank() || fingerprint == null || !fingerprint.startsWith("SHA256:")
                || publicKey == null || publicKey.isBlank()) {
            throw new IllegalArgumentException("incomplete host key: " + type + " " + fingerprint);
        }
    }

    public static HostKey of(PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        return new HostKey(KeyType.fromKey(key).toString(), fingerprint(blob), Base64.getEncoder().encodeToString(blob));
    }

    /** The OpenSSH SHA256 fingerprint of a key blob: {@code SHA256:} and unpadded base64 of its digest. */
    public static String fingerprint(byte[] blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** True when both keys are the same key (same blob). */
    public boolean sameKeyAs(HostKey other) {
        return type.equals(other.type) && publicKey.equals(other.publicKey);
    }

    /** A fingerprint as a user may type it: tolerate padding and surrounding blanks. */
    public static String normalizeFingerprint(String text) {
        String t = text == null ? "" : text.strip();
        if (!t.startsWith("SHA256:")) {
            throw new IllegalArgumentException("fingerprint '" + t + "' must look like SHA256:base64 (as printed by ssh-keygen -lf)");
        }
        while (t.endsWith("=")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    @Override
    public String toString() {
        return type + " " + fingerprint;
    }
}
