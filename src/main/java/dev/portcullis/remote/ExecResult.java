package dev.portcullis.remote;

/** What one remote command did. */
public record ExecResult(int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** The longest {@link #lastLine()}: a message quotes it, and a server may print megabytes on one line. */
    public static final int MAX_LINE_CHARS = 500;

    /**
     * The last non-blank line of stderr (else stdout): what a script says when it refuses; at most
     * {@link #MAX_LINE_CHARS} characters of it, then "...".
     */
    public String lastLine() {
        String text = (stderr.isBlank() ? stdout : stderr).strip();
        String line = text.substring(text.lastIndexOf('\n') + 1).strip();
        return line.length() <= MAX_LINE_CHARS ? line : line.substring(0, MAX_LINE_CHARS) + "...";
    }
}
