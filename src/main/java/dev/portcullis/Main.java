package dev.portcullis;

import dev.portcullis.cli.Cli;
import java.util.List;

/** With a command Portcullis is the command line; without (at most {@code --data-dir DIR}), it opens the window. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (!Launch.of(List.of(args)).window()) {
            System.exit(Cli.run(args));
        }
        // Loaded only here, so the command line never touches JavaFX.
        dev.portcullis.ui.DesktopApp.launchWindow(args);
    }
}
