package dev.portcullis.importer;

import dev.portcullis.model.LimitEntry;
import java.util.List;

/**
 * The entry one inbound (or several on the same port) suggests, with what the operator should know.
 *
 * @param entry        the suggested entry
 * @param inbound      which inbound it comes from, e.g. "vless inbound 'alice' on port 443"
 * @param source       where that inbound was read
 * @param maxFromPanel the maximum is the panel's limitIp rather than the default
 * @param modeChosen   the mode was given by the operator (--mode) or implied by limitIp
 * @param warnings     reasons the limit may not do what the operator expects
 */
public record Proposal(LimitEntry entry, String inbound, String source, boolean maxFromPanel, boolean modeChosen,
                       List<String> warnings) {

    public Proposal {
        warnings = List.copyOf(warnings);
    }
}
