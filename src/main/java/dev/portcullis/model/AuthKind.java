package dev.portcullis.model;

/** How Portcullis logs in to a server over SSH. */
public enum AuthKind {
    /** A private key file, optionally protected by a passphrase kept in the secret store. */
    KEY_FILE("key"),
    /** A password kept in the secret store. */
    PASSWORD("password");

    private final String id;

    AuthKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static AuthKind fromId(String id) {
        for (AuthKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new ValidationException(ValidationException.Field.AUTH, id, "key or password");
    }
}
