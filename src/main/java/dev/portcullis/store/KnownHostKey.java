package dev.portcullis.store;

/**
 * One recorded SSH host key.
 *
 * @param keyBase64   the public key blob, base64 as in known_hosts
 * @param fingerprint "SHA256:..." as OpenSSH prints it
 */
public record KnownHostKey(String host, int port, String keyType, String keyBase64, String fingerprint) {
}
