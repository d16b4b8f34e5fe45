package dev.portcullis.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.lab.Lab;
import dev.portcullis.lab.LabExtension;
import dev.portcullis.lab.LabVps;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Propose, review, save against a lab server; a broken panel saves nothing. */
class ImportServiceLabTest {

    @RegisterExtension
    final LabExtension labs = new LabExtension();

    /** The store's part, in memory, with the same rules: one entry per port and protocol. */
    static final class MemoryBook implements LimitBook {
        final List<LimitEntry> entries = new ArrayList<>();

        @Override
        public List<LimitEntry> limits(String server) {
            return List.copyOf(entries);
        }

        @Override
        public void apply(String server, List<PlannedChange> writes) {
            for (PlannedChange c : writes) {
                if (c.existing() != null) {
                    entries.remove(c.existing());
                }
                entries.add(c.result());
            }
        }
    }

    private static PanelHostOpener opener(LabVps vps) {
        return server -> new PanelHostOpener.Session() {
            final LabPanelHost host = new LabPanelHost(vps);

            @Override
            public Result run(String command) {
                return host.run(command);
            }

            @Override
            public void download(String remotePath, java.nio.file.Path local, long maxBytes) throws java.io.IOException {
                host.download(remotePath, local, maxBytes);
            }

            @Override
            public String name() {
                return server;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void proposeReviewSaveAndImportAgain() {
        Lab lab = labs.lab();
        LabVps vps = LabVps.create(lab, "panel");
        vps.exec("mount", "-t", "tmpfs", "-o", "mode=1777", "labtmp", "/tmp").orThrow();
        vps.bash("rm -f \"$@\"", PanelFetcher.CONFIG_PATHS.toArray(String[]::new)).orThrow();
        vps.exec("mkdir", "-p", "/etc/x-ui").orThrow();
        vps.execWithInput(Fixtures.resource(Fixtures.THREE_X_UI_SQL), "sqlite3", "-bail", "/etc/x-ui/x-ui.db").orThrow();

        MemoryBook book = new MemoryBook();
        LimitEntry tuned = new LimitEntry(2053, Protocol.TCP, LimitMode.CONNECTIONS, 20, 32, 64, "", true, true, 120);
        LimitEntry old = LimitEntry.of(7777, LimitMode.CONNECTIONS, 5);
        book.entries.add(tuned);
        book.entries.add(old);
        ImportService service = new ImportService(opener(vps), book);

        ImportPlan plan = service.propose("vps1", ImportOptions.defaults());
        assertTrue(book.entries.equals(List.of(tuned, old)), "proposing saves nothing");
        assertEquals(8, plan.count(ChangeKind.NEW), "the loopback inbounds 8880 and 2083 get none; alice and bob of the"
                + " shared port 443 get account entries");
        assertEquals(1, plan.count(ChangeKind.UPDATED));
        assertEquals(List.of(old), plan.disappeared());
        String table = PlanText.table(plan);
        assertTrue(table.contains("8 new, 1 updated, 0 unchanged, 0 conflicts, 1 disappeared"), table);
        assertTrue(table.contains("2 clients share this port"), table);
        assertTrue(PlanText.json(plan).contains("\"action\" : \"update\""));

        assertEquals(9, service.save(plan));
        assertEquals(10, book.entries.size(), "updated in place, the disappeared one kept");
        assertTrue(book.entries.contains(LimitEntry.ofAccount(443, "bob", 3)), book.entries.toString());
        assertTrue(book.entries.contains(new LimitEntry(2053, Protocol.TCP, LimitMode.CONNECTIONS, 20, 32, 64,
                "front", true, true, 120)));

        ImportPlan again = service.propose("vps1", ImportOptions.defaults());
        assertEquals(9, again.count(ChangeKind.UNCHANGED));
        assertEquals(0, service.save(again));

        vps.writeFile("/etc/x-ui/x-ui.db", "not a database ".repeat(500));
        List<LimitEntry> before = List.copyOf(book.entries);
        ImportException e = assertThrows(ImportException.class, () -> service.propose("vps1", ImportOptions.defaults()));
        assertTrue(e.getMessage().startsWith("cannot read x-ui database /etc/x-ui/x-ui.db on vps1: "), e.getMessage());
        assertEquals(before, book.entries, "a corrupt database saves nothing");
        assertEquals("", vps.bash("ls -A /tmp").orThrow().stdout(), "the failed backup left its folder behind");
    }

    @Test
    void aReviewThatIsOutOfDateIsRefused() {
        MemoryBook book = new MemoryBook();
        LimitEntry existing = LimitEntry.of(443, LimitMode.CONNECTIONS, 5);
        book.entries.add(existing);
        ImportService service = new ImportService(server -> {
            throw new AssertionError("the review is not read again");
        }, book);
        PanelInbound in = new PanelInbound("c.json", "", "a", true, "", "443", "vless", "tcp", "", false,
                List.of(new PanelClient("alice", 2, true)), List.of());
        ImportPlan plan = service.plan("vps1", new FetchedPanel(List.of(in), List.of("c.json"), List.of(), List.of()),
                ImportOptions.defaults());
        book.entries.set(0, existing.withMax(9));
        ImportException e = assertThrows(ImportException.class, () -> service.save(plan));
        assertEquals("the entries of vps1 changed since the review (port 443); import again", e.getMessage());
        assertEquals(List.of(existing.withMax(9)), book.entries);
    }
}
