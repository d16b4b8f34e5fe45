package dev.portcullis.store;

/** What a sealed secret of a server is. The name is stored and bound into the sealing (AAD). */
public enum SecretKind {
    PASSWORD,
    KEY_PASSPHRASE,
    /** The Telegram bot token of the server's alerts. */
    TELEGRAM_TOKEN,
    /** The Telegram chat the server's alerts go to (not secret, but kept with its token). */
    TELEGRAM_CHAT
}
