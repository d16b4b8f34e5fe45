package dev.portcullis.model;

/**
 * Makes text that came from a server or a panel safe to show: control characters (C0, DEL, C1,
 * ESC among them), bidirectional overrides and other invisible format characters are written as
 * visible escapes, so such text can neither drive a terminal (title changes, OSC 52 clipboard
 * writes, cursor moves that fake an "ok" line) nor reorder what is shown around it. C0 controls
 * become {@code \x1b}; every other escaped character becomes {@code \u202e} (which a JSON string
 * reads back as the same character). Zero-width (non-)joiners stay: Persian text and emoji need them.
 */
public final class TerminalText {

    private TerminalText() {
    }

    /** The text on one line: line breaks and tabs are escaped too. */
    public static String escape(String text) {
        return escape(text, false);
    }

    /**
     * As {@link #escape(String)}; with {@code keepLayout}, {@code \n} and {@code \t} stay as they
     * are (for whole blocks of output whose lines are ours).
     */
    public static String escape(String text, boolean keepLayout) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = text.codePointAt(i);
                if (needsEscape(cp)) {
                    out = started(out, text, i);
                    appendEscape(out, c);
                    appendEscape(out, text.charAt(i + 1));
                } else if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (!needsEscape(c) || (keepLayout && (c == '\n' || c == '\t'))) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            out = started(out, text, i);
            appendEscape(out, c);
        }
        return out == null ? text : out.toString();
    }

    /** Whether a character is shown escaped (lone surrogates too). */
    public static boolean needsEscape(int codePoint) {
        if (codePoint == 0x200C || codePoint == 0x200D) {
            return false;
        }
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }

    private static StringBuilder started(StringBuilder out, String text, int upTo) {
        if (out != null) {
            return out;
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        b.append(text, 0, upTo);
        return b;
    }

    private static void appendEscape(StringBuilder out, char c) {
        if (c < 0x20) {
            out.append(String.format("\\x%02x", (int) c));
        } else {
            out.append(String.format("\\u%04x", (int) c));
        }
    }
}
