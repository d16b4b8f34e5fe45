package dev.portcullis.store;

import com.nulabinc.zxcvbn.Feedback;
import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How hard a new master password is to guess, estimated with zxcvbn (dictionaries, keyboard
 * patterns, repeats, sequences, dates): the store's rule and the window's meter are this one
 * estimator. A new master password needs {@link #MIN_LENGTH} characters and a score of at least
 * {@link #MIN_SCORE} of 4. Loading the dictionaries takes a moment: keep one instance per use.
 */
public final class MasterPasswordCheck {

    public static final int MIN_LENGTH = 8;
    /** zxcvbn's "safely unguessable: moderate protection from an offline slow-hash attack". */
    public static final int MIN_SCORE = 3;

    /**
     * One estimate.
     *
     * @param score       0 (too guessable) to 4 (very unguessable); 0 also when shorter than {@link #MIN_LENGTH}
     * @param warning     what makes it guessable, or empty
     * @param suggestions how to make it stronger
     */
    public record Result(int length, int score, String warning, List<String> suggestions) {
        public Result {
            suggestions = List.copyOf(suggestions);
        }

        public boolean tooShort() {
            return length < MIN_LENGTH;
        }

        public boolean acceptable() {
            return !tooShort() && score >= MIN_SCORE;
        }

        /** The warning and the suggestions as one line (empty when there are none). */
        public String feedback() {
            List<String> parts = new ArrayList<>();
            if (!warning.isBlank()) {
                parts.add(warning.strip());
            }
            suggestions.stream().filter(s -> !s.isBlank()).map(String::strip).forEach(parts::add);
            return String.join(" ", parts);
        }
    }

    private final Zxcvbn estimator = new Zxcvbn();

    /** Estimates a password (the text is not kept, and {@code password} itself is left as it is). */
    public Result check(CharSequence password, Locale locale) {
        int length = password.length();
        // zxcvbn wipes what it measured: give it a copy of its own.
        char[] copy = new char[length];
        for (int i = 0; i < length; i++) {
            copy[i] = password.charAt(i);
        }
        Strength strength = estimator.measure(CharBuffer.wrap(copy));
        try {
            Feedback feedback = strength.getFeedback();
            return new Result(length, length < MIN_LENGTH ? 0 : strength.getScore(),
                    String.valueOf(feedback.getWarning(locale)), feedback.getSuggestions(locale));
        } finally {
            strength.wipe();
            Arrays.fill(copy, '\0');
        }
    }

    /** Refuses a new master password that is too short or too guessable, saying why (never echoing it). */
    public void requireAcceptable(char[] password) {
        Result r = check(CharBuffer.wrap(password), Locale.ROOT);
        if (r.tooShort()) {
            throw new WeakMasterPasswordException(r, "the new master password is too short: at least " + MIN_LENGTH
                    + " characters are needed");
        }
        if (!r.acceptable()) {
            String feedback = r.feedback();
            throw new WeakMasterPasswordException(r, "the new master password is too easy to guess (strength " + r.score()
                    + " of 4, at least " + MIN_SCORE + " needed)" + (feedback.isEmpty() ? "" : ": " + feedback));
        }
    }
}
