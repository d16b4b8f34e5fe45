package dev.portcullis;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code java -jar portcullis.jar ARGS} starts: the window when there is no command (no
 * arguments, or only {@code --data-dir DIR}), else the command line. Only a command, or an option
 * the window does not take ({@code --help}, {@code --version}, ...), makes it the command line.
 *
 * @param window        true for the window
 * @param dataDirOption the window's {@code --data-dir}, or null for {@code PORTCULLIS_HOME} / the default
 */
public record Launch(boolean window, Path dataDirOption) {

    private static final String DATA_DIR = "--data-dir";

    public static Launch of(List<String> args) {
        if (args.isEmpty()) {
            return new Launch(true, null);
        }
        if (args.size() == 2 && args.get(0).equals(DATA_DIR) && !args.get(1).isBlank() && !args.get(1).startsWith("-")) {
            return new Launch(true, Path.of(args.get(1)));
        }
        if (args.size() == 1 && args.get(0).startsWith(DATA_DIR + "=") && args.get(0).length() > DATA_DIR.length() + 1) {
            return new Launch(true, Path.of(args.get(0).substring(DATA_DIR.length() + 1)));
        }
        return new Launch(false, null);
    }
}
