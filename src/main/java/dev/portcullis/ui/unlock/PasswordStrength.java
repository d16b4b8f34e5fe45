package dev.portcullis.ui.unlock;

import dev.portcullis.store.Vault;

/**
 * A rough hint for a new master password: long and varied is good. It only advises; the one
 * hard rule (a minimum length) is the store's.
 */
public enum PasswordStrength {
    TOO_SHORT, WEAK, FAIR, STRONG;

    public static PasswordStrength of(CharSequence password) {
        int length = password.length();
        if (length < Vault.MIN_PASSWORD_LENGTH) {
            return TOO_SHORT;
        }
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean other = false;
        int distinct = (int) password.chars().distinct().count();
        for (int i = 0; i < length; i++) {
            char c = password.charAt(i);
            lower |= Character.isLowerCase(c);
            upper |= Character.isUpperCase(c);
            digit |= Character.isDigit(c);
            other |= !Character.isLetterOrDigit(c);
        }
        int classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
        if (distinct < 4) {
            return WEAK; // "aaaaaaaa", "abababab": long but guessable
        }
        // Repetition adds little: "passwordpassword" counts as 14 characters, not 16.
        int effective = Math.min(length, distinct * 2);
        int score = (effective >= 12 ? 1 : 0) + (effective >= 16 ? 1 : 0) + (classes >= 3 ? 1 : 0) + (classes == 4 ? 1 : 0);
        return score >= 2 ? STRONG : score == 1 ? FAIR : WEAK;
    }

    public double fraction() {
        return (ordinal() + 1) / 4.0;
    }

    public String bundleKey() {
        return "strength." + name().toLowerCase().replace('_', '-');
    }

    public String styleClass() {
        return "strength-" + (this == TOO_SHORT ? "weak" : name().toLowerCase());
    }
}
