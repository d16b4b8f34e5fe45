package dev.portcullis.model;

/**
 * A server in the operator's inventory. Secrets (password, key passphrase) are not part of it:
 * they live sealed in the store and are fetched only when a connection needs them.
 *
 * @param id      database id, {@link #NEW} until stored
 * @param keyPath private key file when {@code auth} is {@link AuthKind#KEY_FILE}, else null
 * @param sudo    run privileged commands through sudo (for non-root users)
 */
public record Server(long id, String name, String host, int port, String user, AuthKind auth,
                     String keyPath, boolean sudo) {

    public static final long NEW = 0;
    public static final int DEFAULT_SSH_PORT = 22;

    public Server {
        Validator.serverName(name);
        Validator.host(host);
        Validator.sshPort(port);
        Validator.user(user);
        if (auth == null) {
            throw new ValidationException(ValidationException.Field.AUTH, "", "key or password");
        }
        if (auth == AuthKind.KEY_FILE) {
            Validator.keyPath(keyPath);
        } else {
            keyPath = null;
        }
    }

    public Server withId(long newId) {
        return new Server(newId, name, host, port, user, auth, keyPath, sudo);
    }

    /** user@host:port, for messages. */
    public String address() {
        return user + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
