package dev.portcullis;

import dev.portcullis.ui.DesktopApp;

/** No arguments: the window. Arguments: the command line. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        DesktopApp.launchWindow(args);
    }
}
