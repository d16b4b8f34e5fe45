package dev.portcullis.ui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;

/** Facts about this installation shown in the About box. */
public record AppInfo(String version, Path dataDir) {

    /** Reads the version the build wrote into version.properties. */
    public static AppInfo load(Path dataDir) {
        Properties p = new Properties();
        try (InputStream in = AppInfo.class.getResourceAsStream("/dev/portcullis/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // An unreadable version is not worth refusing to start over.
        }
        return new AppInfo(p.getProperty("version", "unknown"), dataDir);
    }
}
