package dev.portcullis.ui.unlock;

import com.nulabinc.zxcvbn.Zxcvbn;
import dev.portcullis.store.Vault;

/**
 * A hint for a new master password, from zxcvbn's estimate of how many guesses it takes (so a
 * dictionary word with a capital, a digit and a symbol appended is weak however "varied" it
 * looks). It only advises; the one hard rule (a minimum length) is the store's.
 */
public enum PasswordStrength {
    TOO_SHORT, WEAK, FAIR, STRONG;

    /** Built once: loading zxcvbn's dictionaries is the costly part; measuring is cheap and keeps no state. */
    private static final class Estimator {
        static final Zxcvbn ZXCVBN = new Zxcvbn();
    }

    public static PasswordStrength of(CharSequence password) {
        if (password.length() < Vault.MIN_PASSWORD_LENGTH) {
            return TOO_SHORT;
        }
        int score = Estimator.ZXCVBN.measure(password).getScore(); // 0 (guessed at once) to 4 (very hard)
        return score >= 4 ? STRONG : score >= 2 ? FAIR : WEAK;
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
