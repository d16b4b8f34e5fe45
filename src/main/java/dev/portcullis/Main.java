package dev.portcullis;

import dev.portcullis.cli.Cli;

/** With arguments Portcullis is the command line; without, it opens the window. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            System.exit(Cli.run(args));
        }
        // Loaded only here, so the command line never touches JavaFX.
        dev.portcullis.ui.DesktopApp.launchWindow(args);
    }
}
