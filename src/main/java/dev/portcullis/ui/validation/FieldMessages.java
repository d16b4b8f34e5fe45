package dev.portcullis.ui.validation;

import dev.portcullis.model.ValidationException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * Turns the model's {@link ValidationException} into a sentence in the window's language. The
 * rules themselves stay in {@link dev.portcullis.model.Validator} (shared with the command line);
 * only the wording is translated, keyed by the field the exception names. A field without a
 * translation keeps the model's English message rather than showing nothing.
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
        String message = String.valueOf(e.getMessage());
        String key = message.contains("not already limited") ? "invalid.clash"
                : message.contains("no other server uses") ? "invalid.duplicate-name"
                : "invalid." + e.field().toLowerCase(Locale.ROOT).replace(' ', '-');
        if (!bundle.containsKey(key)) {
            return message;
        }
        return MessageFormat.format(bundle.getString(key), e.value());
    }

    /** Parses a whole number for a field; text that is not one fails like any out-of-range value. */
    public static int parseInt(String field, String text, String allowed) {
        try {
            return Integer.parseInt(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw new ValidationException(field, text, allowed);
        }
    }
}
