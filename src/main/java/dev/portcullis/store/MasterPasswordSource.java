package dev.portcullis.store;

/**
 * Supplies the master password when a secret is first needed. The command line reads the
 * environment or a terminal; the window will ask in a dialog.
 */
@FunctionalInterface
public interface MasterPasswordSource {

    /**
     * @param creating true when the store has no master password yet and this one will become it
     *                 (a prompt should ask twice)
     * @return the password; the caller wipes the array after use
     * @throws MasterPasswordException when none can be had
     */
    char[] masterPassword(boolean creating);
}
