package dev.portcullis.importer;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.Protocol;
import dev.portcullis.rules.LimitsConf;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares proposals with the server's existing entries. An existing entry on the same port is
 * updated, never duplicated: the panel decides protocol, label and enabled; the maximum only when
 * the panel sets one (limitIp), the mode only when chosen; masks, observe and idle time stay as the
 * operator set them. Entries no inbound matches are reported as disappeared and left alone.
 */
public final class ImportPlanner {

    public ImportPlan plan(String server, List<String> sources, Proposals proposals, List<LimitEntry> existing,
                           List<String> warnings) {
        Map<LimitEntry, Boolean> matched = new IdentityHashMap<>();
        List<PlannedChange> changes = new ArrayList<>();
        for (Proposal p : proposals.all()) {
            LimitEntry wanted = p.entry();
            // Port entries meet port entries, an account's entries that account's: they never clash otherwise.
            List<LimitEntry> samePort = existing.stream().filter(e -> e.port() == wanted.port()
                    && e.protocol().overlaps(wanted.protocol()) && e.account().equals(wanted.account())).toList();
            LimitEntry exact = samePort.stream().filter(e -> e.protocol() == wanted.protocol()).findFirst().orElse(null);
            LimitEntry match = exact != null ? exact : samePort.size() == 1 ? samePort.get(0) : null;
            if (match != null && match.protocol() == Protocol.BOTH && wanted.protocol() != Protocol.BOTH
                    && proposals.all().stream().anyMatch(o -> o != p && o.entry().port() == wanted.port()
                    && o.entry().account().equals(wanted.account()) && o.entry().protocol() != wanted.protocol())) {
                // One entry for tcp and udp, but separate tcp and udp inbounds: splitting it is the operator's call.
                matched.put(match, true);
                changes.add(new PlannedChange(ChangeKind.CONFLICT, p, match, match));
                continue;
            }
            if (match == null && samePort.size() > 1) {
                samePort.forEach(e -> matched.put(e, true));
                changes.add(new PlannedChange(ChangeKind.CONFLICT, p, samePort.get(0), samePort.get(0)));
                continue;
            }
            if (match == null) {
                changes.add(new PlannedChange(ChangeKind.NEW, p, null, wanted));
                continue;
            }
            matched.put(match, true);
            LimitEntry merged = merge(match, p);
            changes.add(new PlannedChange(merged.equals(match) ? ChangeKind.UNCHANGED : ChangeKind.UPDATED, p, match,
                    merged));
        }
        changes.sort(Comparator.comparing((PlannedChange c) -> c.proposal().entry(), LimitsConf.ORDER));
        List<LimitEntry> disappeared = existing.stream().filter(e -> !matched.containsKey(e))
                .sorted(LimitsConf.ORDER).toList();
        return new ImportPlan(server, sources, changes, disappeared, proposals.notes(), warnings);
    }

    static LimitEntry merge(LimitEntry existing, Proposal p) {
        LimitEntry wanted = p.entry();
        String label = wanted.label().isEmpty() ? existing.label() : wanted.label();
        return new LimitEntry(existing.port(), wanted.protocol(), p.modeChosen() ? wanted.mode() : existing.mode(),
                p.maxFromPanel() ? wanted.max() : existing.max(),
                existing.v4Mask(), existing.v6Prefix(), label, existing.observe(), wanted.enabled(),
                existing.idleSeconds(), existing.account());
    }
}
