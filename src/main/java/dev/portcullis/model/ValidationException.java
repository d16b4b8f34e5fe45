package dev.portcullis.model;

/**
 * Bad input: one line that names the field, the value and what is allowed.
 * Thrown before anything is written, so catching it never leaves partial state behind.
 */
public class ValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String value;

    public ValidationException(String field, Object value, String allowed) {
        super("invalid " + field + " '" + printable(value) + "': " + allowed);
        this.field = field;
        this.value = String.valueOf(value);
    }

    public String field() {
        return field;
    }

    public String value() {
        return value;
    }

    /** Keeps control characters out of the one-line message so a hostile value cannot fake output. */
    private static String printable(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder(Math.min(text.length(), 80));
        text.codePoints().limit(80).forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        if (text.codePointCount(0, text.length()) > 80) {
            out.append("...");
        }
        return out.toString();
    }
}
