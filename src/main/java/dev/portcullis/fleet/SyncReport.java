package dev.portcullis.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.TerminalText;
import dev.portcullis.remote.Change;
import java.util.List;
import java.util.Locale;

/** Renders sync and plan results: the JSON contract and one terminal line per server. */
public final class SyncReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SyncReport() {
    }

    /** {@code {"results":[{"server":..,"status":..,"error":..,"seconds":..}]}}; plan adds "changes". */
    public static String json(List<SyncResult> results, boolean withChanges) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("results");
        for (SyncResult r : results) {
            ObjectNode o = list.addObject();
            o.put("server", r.server());
            o.put("status", r.status().id());
            if (r.error() == null) {
                o.putNull("error");
            } else {
                o.put("error", r.error());
            }
            o.put("seconds", r.seconds());
            if (withChanges) {
                ArrayNode changes = o.putArray("changes");
                for (Change c : r.changes()) {
                    ObjectNode co = changes.addObject();
                    co.put("kind", c.kind().id());
                    co.put("target", c.target());
                    co.put("detail", c.detail());
                }
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code name  status  1.23 s  [error]} for a terminal. */
    public static String line(SyncResult r) {
        String s = String.format(Locale.ROOT, "%-20s %-9s %6.2f s", r.server(), r.status().id(), r.seconds());
        return r.error() == null ? s : s + "  " + TerminalText.escape(r.error());
    }

    /** Plan output for one server: a header line and one indented line per change. */
    public static String planText(SyncResult r) {
        if (r.failed()) {
            return r.server() + ": cannot plan: " + TerminalText.escape(r.error());
        }
        if (r.changes().isEmpty()) {
            return r.server() + ": unchanged, nothing to do";
        }
        StringBuilder s = new StringBuilder(r.server()).append(": ").append(r.changes().size()).append(" change(s)");
        for (Change c : r.changes()) {
            s.append("\n  ").append(TerminalText.escape(c.toString()));
        }
        return s.toString();
    }

    /** Exit status of the command: 1 when any server failed. */
    public static int exitCode(List<SyncResult> results) {
        return results.stream().anyMatch(SyncResult::failed) ? 1 : 0;
    }
}
