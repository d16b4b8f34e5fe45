package dev.portcullis.importer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.TerminalText;
import java.util.List;

/** The review as text (a table for a terminal) and as JSON (for --json and scripts). */
public final class PlanText {

    private PlanText() {
    }

    public static String table(ImportPlan plan) {
        StringBuilder out = new StringBuilder();
        out.append("Import for ").append(plan.server()).append(" from ")
                .append(plan.sources().isEmpty() ? "nothing" : TerminalText.escape(String.join(", ", plan.sources()))).append('\n');
        for (String w : plan.warnings()) {
            out.append("WARNING: ").append(TerminalText.escape(w)).append('\n');
        }
        out.append(String.format("%-8s %5s %-5s %-18s %5s %-8s %s%n", "ACTION", "PORT", "PROTO", "MODE", "MAX", "STATE", "LABEL"));
        for (PlannedChange c : plan.changes()) {
            LimitEntry e = c.result();
            out.append(String.format("%-8s %5d %-5s %-18s %5d %-8s %s%n", c.kind().id(), e.port(), e.protocol().id(),
                    e.mode().id(), e.max(), e.enabled() ? "enabled" : "disabled", TerminalText.escape(labelText(e))));
            if (c.kind() == ChangeKind.CONFLICT) {
                out.append(c.existing().protocol() == Protocol.BOTH
                        ? "         ! the port has one entry for tcp and udp, the panel separate tcp and udp inbounds; "
                                + "split it by hand\n"
                        : "         ! the port has separate tcp and udp entries; change them by hand\n");
            }
            for (String w : c.proposal().warnings()) {
                out.append("         ! ").append(TerminalText.escape(w)).append('\n');
            }
        }
        for (LimitEntry gone : plan.disappeared()) {
            out.append(gone.isAccount()
                    ? String.format("%-8s %5d %-5s no client %s on this port any more; the entry is kept%n", "gone",
                            gone.port(), gone.protocol().id(), TerminalText.escape(gone.account()))
                    : String.format("%-8s %5d %-5s no inbound uses this port any more; the entry is kept%n",
                            "gone", gone.port(), gone.protocol().id()));
        }
        for (String n : plan.notes()) {
            out.append("note: ").append(TerminalText.escape(n)).append('\n');
        }
        out.append(String.format("%d new, %d updated, %d unchanged, %d conflicts, %d disappeared%n",
                plan.count(ChangeKind.NEW), plan.count(ChangeKind.UPDATED), plan.count(ChangeKind.UNCHANGED),
                plan.count(ChangeKind.CONFLICT), plan.disappeared().size()));
        return out.toString();
    }

    public static String json(ImportPlan plan) {
        ObjectNode root = InboundJson.MAPPER.createObjectNode();
        root.put("server", plan.server());
        strings(root.putArray("sources"), plan.sources());
        strings(root.putArray("warnings"), plan.warnings());
        ArrayNode changes = root.putArray("proposals");
        for (PlannedChange c : plan.changes()) {
            ObjectNode n = changes.addObject();
            n.put("action", c.kind().id());
            entry(n.putObject("entry"), c.result());
            if (c.existing() != null) {
                entry(n.putObject("existing"), c.existing());
            }
            n.put("inbound", c.proposal().inbound());
            n.put("source", c.proposal().source());
            strings(n.putArray("warnings"), c.proposal().warnings());
        }
        ArrayNode gone = root.putArray("disappeared");
        plan.disappeared().forEach(e -> entry(gone.addObject(), e));
        strings(root.putArray("notes"), plan.notes());
        try {
            return InboundJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The label column: an account entry names its account first. */
    private static String labelText(LimitEntry e) {
        if (!e.isAccount()) {
            return e.label();
        }
        return "account " + e.account() + (e.label().isEmpty() ? "" : " (" + e.label() + ")");
    }

    /** An entry as JSON; an account entry carries {@code "account"}, as in 'limit list --json'. */
    private static void entry(ObjectNode n, LimitEntry e) {
        n.put("port", e.port());
        n.put("protocol", e.protocol().id());
        if (e.isAccount()) {
            n.put("account", e.account());
        }
        n.put("mode", e.mode().id());
        n.put("max", e.max());
        n.put("v4Mask", e.v4Mask());
        n.put("v6Prefix", e.v6Prefix());
        n.put("label", e.label());
        n.put("observe", e.observe());
        n.put("enabled", e.enabled());
        n.put("idleSeconds", e.idleSeconds());
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
