package dev.portcullis.remote;

import java.util.regex.Pattern;

/**
 * What a server's state says of its Telegram settings file ({@value TelegramSetup#FILE}): its
 * sha256 (never the token), that there is none the alerts could use, or nothing known (a state
 * read without the line, or a line that is not one of the two), which a sync treats as different.
 *
 * @param sha256 lower-case hex, only when {@code status} is {@link Status#PRESENT}
 */
public record TelegramOnServer(Status status, String sha256) {

    public enum Status {
        /** A usable file (root's alone, mode 0600) with this sha256. */
        PRESENT,
        /** No file the alerts would use. */
        NONE,
        /** Not said, or said in a way not understood. */
        UNKNOWN
    }

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public static final TelegramOnServer NONE = new TelegramOnServer(Status.NONE, "");
    public static final TelegramOnServer UNKNOWN = new TelegramOnServer(Status.UNKNOWN, "");

    public TelegramOnServer {
        if ((status == Status.PRESENT) != (sha256 != null && HEX.matcher(sha256).matches())) {
            throw new IllegalArgumentException("Telegram file state " + status);
        }
    }

    /** The state's line: 64 hex digits or {@code none}; anything else (from an old or hostile server) is unknown. */
    public static TelegramOnServer parse(String line) {
        String text = line == null ? "" : line.strip();
        if (text.equals("none")) {
            return NONE;
        }
        return HEX.matcher(text).matches() ? new TelegramOnServer(Status.PRESENT, text) : UNKNOWN;
    }

    /** True when the server's file is known to hold exactly the bytes with this sha256. */
    public boolean holds(String expectedSha256) {
        return status == Status.PRESENT && sha256.equals(expectedSha256);
    }

    /** For a plan: what the server has, never a secret. */
    String describe() {
        return switch (status) {
            case PRESENT -> "the server's " + TelegramSetup.FILE + " differs from the stored settings";
            case NONE -> "no usable " + TelegramSetup.FILE + " on the server";
            case UNKNOWN -> "the server did not say what its " + TelegramSetup.FILE + " holds";
        };
    }
}
