package dev.portcullis.remote;

import java.util.Arrays;

/**
 * A server's Telegram alert settings as the store holds them, opened for one use (a sha256 for a
 * plan, or the file a sync writes); {@link #close()} wipes both arrays.
 */
public final class TelegramSecrets implements AutoCloseable {

    private final char[] chat;
    private final char[] token;

    /** Takes the arrays over: they are wiped by {@link #close()}. */
    public TelegramSecrets(char[] chat, char[] token) {
        this.chat = chat;
        this.token = token;
    }

    /** The sha256 of the file these settings make on the server ({@link TelegramSetup#sha256}). */
    public String sha256() {
        return TelegramSetup.sha256(chat, token);
    }

    /** Writes the server's settings file ({@link TelegramSetup#install}). */
    public void install(SshSession session) throws RemoteException {
        TelegramSetup.install(session, chat, token);
    }

    @Override
    public void close() {
        Arrays.fill(chat, '\0');
        Arrays.fill(token, '\0');
    }
}
