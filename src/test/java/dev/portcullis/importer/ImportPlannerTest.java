package dev.portcullis.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportPlannerTest {

    private static LimitEntry entry(int port, Protocol proto, LimitMode mode, int max, String label) {
        return new LimitEntry(port, proto, mode, max, 32, 64, label, false, true, 120);
    }

    private static Proposal proposal(LimitEntry e, boolean maxFromPanel, boolean modeChosen) {
        return new Proposal(e, "inbound on port " + e.port(), "/etc/x-ui/x-ui.db", maxFromPanel, modeChosen, List.of());
    }

    private final ImportPlanner planner = new ImportPlanner();

    @Test
    void newUpdatedUnchangedAndDisappeared() {
        LimitEntry tuned = new LimitEntry(443, Protocol.TCP, LimitMode.CONNECTIONS_PER_IP, 40, 24, 56, "old", true, true, 300);
        LimitEntry same = entry(2053, Protocol.TCP, LimitMode.CONNECTIONS_PER_IP, 64, "front");
        LimitEntry tcpOnly = entry(8388, Protocol.TCP, LimitMode.CONNECTIONS_PER_IP, 64, "ss");
        LimitEntry gone = entry(9999, Protocol.TCP, LimitMode.CONNECTIONS, 10, "left");
        LimitEntry keepsItsMax = entry(8880, Protocol.TCP, LimitMode.CONNECTIONS, 12, "");

        Proposals proposals = new Proposals(List.of(
                proposal(entry(443, Protocol.TCP, LimitMode.DEVICES, 5, "reality"), true, true),
                proposal(entry(2053, Protocol.TCP, LimitMode.CONNECTIONS_PER_IP, 64, "front"), false, false),
                proposal(entry(8388, Protocol.BOTH, LimitMode.CONNECTIONS_PER_IP, 64, "ss"), false, false),
                proposal(entry(8880, Protocol.TCP, LimitMode.CONNECTIONS_PER_IP, 64, "dave").withEnabled(false), false, false),
                proposal(entry(30000, Protocol.UDP, LimitMode.DEVICES, 1, "kcp"), true, true)),
                List.of("skipped x"));

        ImportPlan plan = planner.plan("vps1", List.of("/etc/x-ui/x-ui.db"), proposals,
                List.of(tuned, same, tcpOnly, gone, keepsItsMax), List.of());

        assertEquals(List.of(443, 2053, 8388, 8880, 30000), plan.changes().stream().map(c -> c.result().port()).toList());
        PlannedChange updated = plan.changes().get(0);
        assertEquals(ChangeKind.UPDATED, updated.kind());
        assertEquals(tuned, updated.existing());
        assertEquals(new LimitEntry(443, Protocol.TCP, LimitMode.DEVICES, 5, 24, 56, "reality", true, true, 300),
                updated.result(), "the panel's limit and label; the operator's masks, observe and idle time");

        assertEquals(ChangeKind.UNCHANGED, plan.changes().get(1).kind());

        PlannedChange widened = plan.changes().get(2);
        assertEquals(ChangeKind.UPDATED, widened.kind());
        assertEquals(Protocol.BOTH, widened.result().protocol());
        assertEquals(tcpOnly, widened.existing(), "updated in place, not added next to it");

        PlannedChange disabled = plan.changes().get(3);
        assertEquals(ChangeKind.UPDATED, disabled.kind());
        assertEquals(entry(8880, Protocol.TCP, LimitMode.CONNECTIONS, 12, "dave").withEnabled(false), disabled.result(),
                "no limitIp, no --mode: max and mode stay as the operator set them");

        PlannedChange added = plan.changes().get(4);
        assertEquals(ChangeKind.NEW, added.kind());
        assertNull(added.existing());

        assertEquals(List.of(gone), plan.disappeared());
        assertEquals(List.of("skipped x"), plan.notes());
        assertEquals(4, plan.writes().size());
        assertEquals(1, plan.count(ChangeKind.NEW));
    }

    @Test
    void separateTcpAndUdpEntriesAreNotMergedBehindTheOperatorsBack() {
        LimitEntry tcp = entry(8388, Protocol.TCP, LimitMode.CONNECTIONS_PER_IP, 64, "");
        LimitEntry udp = entry(8388, Protocol.UDP, LimitMode.CONNECTIONS_PER_IP, 8, "");
        Proposals proposals = new Proposals(List.of(
                proposal(entry(8388, Protocol.BOTH, LimitMode.CONNECTIONS_PER_IP, 64, "ss"), false, false)), List.of());
        ImportPlan plan = planner.plan("vps1", List.of(), proposals, List.of(tcp, udp), List.of());
        assertEquals(ChangeKind.CONFLICT, plan.changes().get(0).kind());
        assertEquals(List.of(), plan.writes());
        assertEquals(List.of(), plan.disappeared());
    }

    @Test
    void anExactProtocolMatchWinsOverAnOverlap() {
        LimitEntry tcp = entry(30000, Protocol.TCP, LimitMode.CONNECTIONS_PER_IP, 64, "");
        LimitEntry udp = entry(30000, Protocol.UDP, LimitMode.DEVICES, 1, "kcp");
        Proposals proposals = new Proposals(List.of(
                proposal(entry(30000, Protocol.UDP, LimitMode.DEVICES, 1, "kcp"), true, true)), List.of());
        ImportPlan plan = planner.plan("vps1", List.of(), proposals, List.of(tcp, udp), List.of());
        assertEquals(ChangeKind.UNCHANGED, plan.changes().get(0).kind());
        assertEquals(List.of(tcp), plan.disappeared());
    }

    @Test
    void oneEntryForBothIsNotSplitBehindTheOperatorsBack() {
        LimitEntry both = entry(443, Protocol.BOTH, LimitMode.DEVICES, 6, "vps-443");
        Proposals proposals = new Proposals(List.of(
                proposal(entry(443, Protocol.TCP, LimitMode.DEVICES, 2, "alice"), true, true),
                proposal(entry(443, Protocol.UDP, LimitMode.DEVICES, 4, "hy2"), true, true)), List.of());
        ImportPlan plan = planner.plan("vps1", List.of(), proposals, List.of(both), List.of());
        assertEquals(List.of(ChangeKind.CONFLICT, ChangeKind.CONFLICT), plan.changes().stream().map(PlannedChange::kind).toList());
        assertEquals(List.of(), plan.writes());
        assertEquals(List.of(), plan.disappeared());
        assertTrue(PlanText.table(plan).contains("the port has one entry for tcp and udp, the panel separate tcp and udp "
                + "inbounds; split it by hand"), PlanText.table(plan));
    }

    @Test
    void aUdpInboundNextToATcpEntryIsAddedBesideIt() {
        LimitEntry tcp = entry(443, Protocol.TCP, LimitMode.DEVICES, 2, "alice");
        Proposals proposals = new Proposals(List.of(
                proposal(entry(443, Protocol.TCP, LimitMode.DEVICES, 2, "alice"), true, true),
                proposal(entry(443, Protocol.UDP, LimitMode.DEVICES, 4, "hy2"), true, true)), List.of());
        ImportPlan plan = planner.plan("vps1", List.of(), proposals, List.of(tcp), List.of());
        assertEquals(List.of(ChangeKind.UNCHANGED, ChangeKind.NEW), plan.changes().stream().map(PlannedChange::kind).toList());
        assertEquals(entry(443, Protocol.UDP, LimitMode.DEVICES, 4, "hy2"), plan.writes().get(0).result());
    }
}
