package dev.portcullis.ui.unlock;

import dev.portcullis.store.MasterPasswordCheck;

/**
 * The strength meter's reading of a new master password: the store's own estimate
 * ({@link MasterPasswordCheck}), so the meter shows "strong" exactly when the store accepts it.
 */
public enum PasswordStrength {
    TOO_SHORT, WEAK, FAIR, STRONG;

    public static PasswordStrength of(MasterPasswordCheck.Result result) {
        if (result.tooShort()) {
            return TOO_SHORT;
        }
        if (result.acceptable()) {
            return STRONG;
        }
        return result.score() == MasterPasswordCheck.MIN_SCORE - 1 ? FAIR : WEAK;
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
