package dev.portcullis.store;

import dev.portcullis.store.MasterPasswordException.Kind;
import java.io.Console;
import java.util.Arrays;
import java.util.Map;

/** {@code PORTCULLIS_MASTER_PASSWORD}, else a no-echo prompt on the terminal, else a clear error. */
public final class EnvironmentMasterPassword implements MasterPasswordSource {

    public static final String ENV_VAR = "PORTCULLIS_MASTER_PASSWORD";

    private final Map<String, String> env;
    private final Console console;

    /** @param console the terminal, or null when there is none (as {@link System#console()} returns) */
    public EnvironmentMasterPassword(Map<String, String> env, Console console) {
        this.env = env;
        this.console = console;
    }

    @Override
    public char[] masterPassword(boolean creating) {
        String fromEnv = env.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv.toCharArray();
        }
        if (console == null) {
            throw new MasterPasswordException(Kind.NOT_GIVEN, "a master password is needed to " + (creating ? "seal" : "open")
                    + " stored secrets: set " + ENV_VAR + " or run on a terminal to be asked");
        }
        if (!creating) {
            return orFail(console.readPassword("Portcullis master password: "));
        }
        char[] first = orFail(console.readPassword("New Portcullis master password (protects stored SSH secrets): "));
        char[] again = orFail(console.readPassword("Repeat the master password: "));
        try {
            if (!Arrays.equals(first, again)) {
                Arrays.fill(first, '\0');
                throw new MasterPasswordException(Kind.MISMATCH, "the two master passwords differ; nothing was stored");
            }
            return first;
        } finally {
            Arrays.fill(again, '\0');
        }
    }

    private static char[] orFail(char[] read) {
        if (read == null) {
            throw new MasterPasswordException(Kind.NOT_GIVEN, "no master password was entered");
        }
        return read;
    }
}
