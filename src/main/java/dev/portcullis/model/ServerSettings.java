package dev.portcullis.model;

import java.util.List;
import java.util.TreeSet;

/**
 * What a server's script needs besides its entries, for account entries on shared ports.
 *
 * @param accessLog where the proxy writes its access log on the server, or "" to find it from the
 *                  proxy's own config ({@code log.access})
 * @param allowed   client networks never counted nor refused by account entries (a carrier's CGNAT
 *                  range, an office), canonical and sorted
 */
public record ServerSettings(String accessLog, List<Network> allowed) {

    public static final ServerSettings NONE = new ServerSettings("", List.of());

    public ServerSettings {
        accessLog = accessLog == null ? "" : accessLog;
        Validator.accessLog(accessLog);
        allowed = List.copyOf(new TreeSet<>(allowed == null ? List.of() : allowed));
        if (allowed.size() > Validator.MAX_ALLOWED_NETWORKS) {
            throw ValidationException.outOfRange(ValidationException.Field.NETWORK, allowed.size(), 0,
                    Validator.MAX_ALLOWED_NETWORKS);
        }
    }

    public ServerSettings withAccessLog(String path) {
        return new ServerSettings(path, allowed);
    }

    public ServerSettings withAllowed(List<Network> networks) {
        return new ServerSettings(accessLog, networks);
    }
}
