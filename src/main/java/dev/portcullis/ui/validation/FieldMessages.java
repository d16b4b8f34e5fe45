package dev.portcullis.ui.validation;

import dev.portcullis.model.ValidationException;
import dev.portcullis.model.ValidationException.Field;
import dev.portcullis.model.ValidationException.Problem;
import java.text.MessageFormat;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * Turns the model's {@link ValidationException} into a sentence in the window's language. The
 * rules themselves stay in {@link dev.portcullis.model.Validator} (shared with the command line);
 * only the wording is translated, chosen by the exception's kind: {@link Problem} when the value
 * was refused for a reason of its own ("invalid.clash"), else the {@link Field} it was refused for
 * ("invalid.port"). Every kind has a key in every bundle (a test holds them together).
 *
 * <p>Pattern arguments: {0} the rejected value, {1} and {2} the allowed range of a number, {3} what is
 * allowed in English (for command-line options and file fields, {@link Field#OTHER}), {4} the field's
 * English name.
 */
public final class FieldMessages {

    private final ResourceBundle bundle;

    public FieldMessages(ResourceBundle bundle) {
        this.bundle = bundle;
    }

    /** Runs a check from the Validator; returns the translated problem, if any. */
    public Optional<String> problem(Runnable check) {
        try {
            check.run();
            return Optional.empty();
        } catch (ValidationException e) {
            return Optional.of(describe(e));
        }
    }

    public String describe(ValidationException e) {
        ValidationException.Range range = e.range();
        return MessageFormat.format(bundle.getString(key(e)), e.value(),
                range == null ? "" : Long.toString(range.min()), range == null ? "" : Long.toString(range.max()),
                e.allowed(), e.field());
    }

    /** The bundle key of a refusal. */
    public static String key(ValidationException e) {
        return e.problem() == Problem.NOT_ALLOWED ? key(e.target()) : key(e.problem());
    }

    public static String key(Field field) {
        return "invalid." + field.id();
    }

    public static String key(Problem problem) {
        return "invalid." + problem.id();
    }

    /** Parses a whole number for a field; text that is not one fails like any out-of-range value. */
    public static int parseInt(Field field, String text, long min, long max) {
        try {
            return Integer.parseInt(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw ValidationException.outOfRange(field, text, min, max);
        }
    }
}
