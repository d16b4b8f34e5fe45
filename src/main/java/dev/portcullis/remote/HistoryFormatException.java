package dev.portcullis.remote;

/**
 * A server's {@code history} output that Portcullis does not accept: which line (1-based, 0 for the
 * output as a whole), what was wrong and the line as received (control characters escaped, cut).
 * Nothing of such an output is used.
 */
public final class HistoryFormatException extends RemoteException {
    private static final long serialVersionUID = 1L;

    /** What was wrong. */
    public enum Problem {
        /** The start or end mark is missing: the output was cut or the command failed. */
        INCOMPLETE,
        /** More lines than {@link HistoryOutput#MAX_LINES}. */
        TOO_MANY_LINES,
        /** A line without exactly nine fields. */
        FIELDS,
        /** A field out of its range or of the wrong form; {@link #field()} names it. */
        FIELD
    }

    private final int lineNumber;
    private final Problem problem;
    private final String field;
    private final String line;

    HistoryFormatException(int lineNumber, Problem problem, String field, String line) {
        super(Reason.ERROR, "history line " + lineNumber + ": " + describe(problem, field) + ": " + shown(line));
        this.lineNumber = lineNumber;
        this.problem = problem;
        this.field = field;
        this.line = shown(line);
    }

    private static String describe(Problem problem, String field) {
        return switch (problem) {
            case INCOMPLETE -> "the history output is incomplete (no start or end mark)";
            case TOO_MANY_LINES -> "more than " + HistoryOutput.MAX_LINES + " lines";
            case FIELDS -> "not DAY PORT PROTO ACCOUNT ADDRESS FIRST LAST CONNECTIONS REFUSED";
            case FIELD -> "invalid " + field;
        };
    }

    private static String shown(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(200).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    public int lineNumber() {
        return lineNumber;
    }

    public Problem problem() {
        return problem;
    }

    /** The field refused ({@link Problem#FIELD}), else null. */
    public String field() {
        return field;
    }

    /** The refused line, control characters escaped, at most 200 characters. */
    public String line() {
        return line;
    }
}
