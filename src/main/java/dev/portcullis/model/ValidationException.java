package dev.portcullis.model;

import java.util.Locale;
import java.util.Objects;

/**
 * Bad input: one line that names the field, the value and what is allowed.
 * Thrown before anything is written, so catching it never leaves partial state behind.
 *
 * <p>The kind of refusal is typed: {@link #target()} says which input was refused, {@link #problem()}
 * what was wrong with it, {@link #value()} the rejected value and {@link #range()} the allowed range
 * of a number. The window words its messages from these; the English message is for the command
 * line and the log.
 */
public class ValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The input a refusal is about. {@link #OTHER} is a command-line option or a file field named in the message. */
    public enum Field {
        SERVER_NAME("server name"), HOST("host"), SSH_PORT("ssh port"), USER("user"), KEY("key"),
        PASSWORD("password"), KEY_PASSPHRASE("key passphrase"), AUTH("auth"), PORT("port"), PROTOCOL("protocol"),
        MODE("mode"), MAX("max"), V4_MASK("v4 mask"), V6_PREFIX("v6 prefix"), IDLE("idle"), LABEL("label"),
        ACCOUNT("account"), ACCESS_LOG("access log"), NETWORK("network"),
        DATA_DIRECTORY("data directory"), OTHER("value");

        private final String english;

        Field(String english) {
            this.english = english;
        }

        /** How the English one-line message names it. */
        public String english() {
            return english;
        }

        /** "server-name", "v4-mask"...: the stable id translations are keyed by. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** What was wrong with the value. */
    public enum Problem {
        /** Outside what the field allows (the range or the grammar). */
        NOT_ALLOWED,
        /** A TCP limit on the server's own SSH port (it could lock the operator out). */
        LOCKOUT,
        /** Another entry of the server already acts on this port and protocol. */
        CLASH,
        /** Another server already has this name. */
        DUPLICATE_NAME,
        /** A port to remove that has no entry on the server. */
        NOT_LIMITED;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The allowed range of a number. */
    public record Range(long min, long max) {
        @Override
        public String toString() {
            return min + "-" + max;
        }
    }

    private final Field target;
    private final String field;
    private final Problem problem;
    private final String value;
    private final String allowed;
    private final Range range;

    private ValidationException(Field target, String field, Problem problem, Object value, String allowed, Range range) {
        super("invalid " + field + " '" + printable(value) + "': " + allowed);
        this.target = Objects.requireNonNull(target);
        this.field = field;
        this.problem = Objects.requireNonNull(problem);
        this.value = String.valueOf(value);
        this.allowed = allowed;
        this.range = range;
    }

    /** A value the field does not allow. */
    public ValidationException(Field target, Object value, String allowed) {
        this(target, target.english(), Problem.NOT_ALLOWED, value, allowed, null);
    }

    /** A value refused for a reason other than its form (see {@link Problem}). */
    public ValidationException(Field target, Problem problem, Object value, String allowed) {
        this(target, target.english(), problem, value, allowed, null);
    }

    /** A command-line option or a file field ({@link Field#OTHER}), named as the message shows it. */
    public ValidationException(String field, Object value, String allowed) {
        this(Field.OTHER, field, Problem.NOT_ALLOWED, value, allowed, null);
    }

    /** A number outside {@code min}-{@code max} (or not a number at all). */
    public static ValidationException outOfRange(Field target, Object value, long min, long max) {
        return outOfRange(target, value, min, max, "");
    }

    /** As {@link #outOfRange(Field, Object, long, long)}, with a unit such as " seconds" after the range. */
    public static ValidationException outOfRange(Field target, Object value, long min, long max, String unit) {
        Range range = new Range(min, max);
        return new ValidationException(target, target.english(), Problem.NOT_ALLOWED, value, range + unit, range);
    }

    /** The English name of the field, as the message shows it. */
    public String field() {
        return field;
    }

    public Field target() {
        return target;
    }

    public Problem problem() {
        return problem;
    }

    /** The rejected value. */
    public String value() {
        return value;
    }

    /** What is allowed, in English (the end of the message). */
    public String allowed() {
        return allowed;
    }

    /** The allowed range when the field is a number, else null. */
    public Range range() {
        return range;
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
