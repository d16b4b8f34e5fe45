package dev.portcullis.store;

/** What a sealed secret of a server is. The name is stored and bound into the sealing (AAD). */
public enum SecretKind {
    PASSWORD,
    KEY_PASSPHRASE
}
