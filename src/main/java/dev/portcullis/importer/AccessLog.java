package dev.portcullis.importer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * The access-log setting ({@code log.access}) of an Xray/V2Ray config or of a panel's Xray
 * template. Limits per account on a shared port follow this log, so the review says whether it
 * is on. Portcullis never changes the setting itself.
 *
 * @param source where it was read, e.g. "/usr/local/etc/xray/config.json"
 * @param state  on (to a file or to standard output) or off
 * @param path   the log file when {@code state} is {@link State#FILE}, else empty
 */
public record AccessLog(String source, State state, String path) {

    /** What Xray and V2Ray do with the access log. */
    public enum State {
        /** Written to a file: {@code log.access} names it. */
        FILE,
        /** Written to standard output (the service's journal): {@code log.access} is absent or empty. */
        STDOUT,
        /** Not written: {@code log.access} is "none", or {@code log.loglevel} is "none". */
        OFF
    }

    /** The config change account limits need, as the review prints it. */
    static final String CHANGE = ": set \"log\": {\"access\": \"/var/log/xray/access.log\", \"loglevel\": \"warning\"}"
            + " in the config (in 3x-ui: Xray Configs, Log) and restart the proxy; Portcullis does not change it";

    public AccessLog {
        source = source == null ? "" : source;
        path = path == null ? "" : path;
    }

    /** Reads the {@code log} object of a config root as Xray and V2Ray (4.20+) interpret it. */
    static AccessLog of(JsonNode root, String source) {
        JsonNode log = root.path("log");
        String access = InboundJson.text(log.path("access")).trim();
        String level = InboundJson.text(log.path("loglevel")).trim().toLowerCase(Locale.ROOT);
        if (access.equalsIgnoreCase("none") || level.equals("none")) {
            return new AccessLog(source, State.OFF, "");
        }
        return access.isEmpty() ? new AccessLog(source, State.STDOUT, "") : new AccessLog(source, State.FILE, access);
    }

    /** One line for the review. */
    public String describe() {
        return switch (state) {
            case FILE -> "access logging is on in " + source + " (log.access " + path + ")";
            case STDOUT -> "access logging is on in " + source + " but goes to standard output (no log.access file): "
                    + "limits per account on a shared port need log.access set to a file" + CHANGE;
            case OFF -> "access logging is off in " + source + ": limits per account on a shared port need "
                    + "log.access set to a file" + CHANGE;
        };
    }
}
