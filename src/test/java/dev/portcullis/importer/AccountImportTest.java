package dev.portcullis.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import proposes account entries for the clients of a shared inbound, read from a real x-ui database. */
class AccountImportTest {

    @TempDir
    Path dir;

    private static final String SCHEMA = """
            CREATE TABLE `inbounds` (`id` integer PRIMARY KEY AUTOINCREMENT,`user_id` integer,`up` integer,`down` integer,`total` integer,`all_time` integer DEFAULT 0,`remark` text,`enable` numeric,`expiry_time` integer,`traffic_reset` text DEFAULT "never",`last_traffic_reset_time` integer DEFAULT 0,`listen` text,`port` integer,`protocol` text,`settings` text,`stream_settings` text,`tag` text,`sniffing` text,`allocate` text,CONSTRAINT `uni_inbounds_tag` UNIQUE (`tag`));
            CREATE TABLE `client_traffics` (`id` integer PRIMARY KEY AUTOINCREMENT,`inbound_id` integer,`enable` numeric,`email` text,`up` integer,`down` integer,`all_time` integer,`expiry_time` integer,`total` integer,`reset` integer DEFAULT 0,`last_online` integer DEFAULT 0,CONSTRAINT `uni_client_traffics_email` UNIQUE (`email`));
            """;

    private static String client(String email, int limitIp, boolean enable) {
        return "{\"id\": \"3c4d5e6f-7081-4293-a4b5-c6d7e8f90a1b\", \"email\": \"" + email + "\", \"limitIp\": " + limitIp
                + ", \"totalGB\": 0, \"expiryTime\": 0, \"enable\": " + enable + "}";
    }

    private static String inbound(int id, String remark, int port, String network, String... clients) {
        return "INSERT INTO inbounds VALUES(" + id + ",1,0,0,0,0,'" + remark + "',1,0,'never',0,'', " + port + ",'vless','{\"clients\": ["
                + String.join(",", clients) + "], \"decryption\": \"none\"}','{\"network\": \"" + network
                + "\", \"security\": \"reality\"}','inbound-" + port + "','{}','{}');\n";
    }

    private List<PanelInbound> panel() {
        String sql = SCHEMA
                + inbound(1, "shared", 443, "tcp", client("alice@x", 2, true), client("bob z@x", 1, true),
                        client("dave@x", 0, true), client("erin@x", 4, false), client("x".repeat(130), 2, true))
                + inbound(2, "kcp-shared", 4443, "kcp", client("gina@x", 3, true), client("hugo@x", 5, true))
                + inbound(3, "single", 8443, "tcp", client("frank@x", 2, true));
        return new XuiDatabaseReader(Fixtures.NOW).read(Fixtures.database(dir, "x-ui.db", sql), "/etc/x-ui/x-ui.db");
    }

    private ImportPlan plan(List<LimitEntry> existing) {
        return new ImportPlanner().plan("vps1", List.of("/etc/x-ui/x-ui.db"),
                new Proposer().propose(panel(), ImportOptions.defaults()), existing,
                List.of(AccessLog.of(new ObjectMapper().createObjectNode().set("log",
                        new ObjectMapper().createObjectNode().put("access", "none")), "/usr/local/etc/xray/config.json").describe()));
    }

    @Test
    void aSharedInboundGetsOneAccountEntryPerServedClientWithALimitIp() {
        Proposals p = new Proposer().propose(panel(), ImportOptions.defaults());
        assertEquals(List.of(
                        LimitEntry.ofAccount(443, "alice@x", 2), LimitEntry.ofAccount(443, "bob z@x", 1),
                        LimitEntry.ofAccount(4443, "gina@x", 3).withProtocol(Protocol.UDP),
                        LimitEntry.ofAccount(4443, "hugo@x", 5).withProtocol(Protocol.UDP)),
                p.accounts().stream().map(Proposal::entry).toList(),
                "dave has no limitIp, erin is switched off, the 130-character e-mail is no account; mKCP is UDP");
        assertEquals(List.of(443, 4443, 8443), p.proposals().stream().map(x -> x.entry().port()).toList());
        Proposal single = p.proposals().get(2);
        assertEquals(new LimitEntry(8443, Protocol.TCP, LimitMode.DEVICES, 2, 32, 64, "single", false, true, 120), single.entry(),
                "a single-client inbound stays a port entry");
        Proposal shared = p.proposals().get(0);
        assertTrue(shared.warnings().stream().anyMatch(w -> w.contains("a carrier's CGNAT) is refused for every account on port 443")
                && w.contains("portcullis server allow") && w.contains("--observe")), shared.warnings().toString());
        assertTrue(shared.warnings().stream().anyMatch(w -> w.startsWith("1 client(s) without a limitIp get no account limit (dave@x)")),
                shared.warnings().toString());
        assertTrue(p.notes().stream().anyMatch(n -> n.startsWith("port 443: no account limit for 1 client(s)")), p.notes().toString());
    }

    @Test
    void theReviewShowsAccountEntriesWhatTheyCannotDoAndTheLogChange() throws Exception {
        ImportPlan plan = plan(List.of());
        String table = PlanText.table(plan);
        assertTrue(table.contains("new        443 tcp   devices                2 enabled  account alice@x\n"), table);
        assertTrue(table.contains("account bob z@x"), table);
        assertTrue(table.contains("WARNING: access logging is off in /usr/local/etc/xray/config.json: limits per account on a"
                + " shared port need log.access set to a file: set \"log\": {\"access\": \"/var/log/xray/access.log\""), table);
        assertTrue(table.contains("household"), table);
        assertEquals(7, plan.count(ChangeKind.NEW), table);
        JsonNode json = new ObjectMapper().readTree(PlanText.json(plan));
        JsonNode alice = json.get("proposals").get(1).get("entry");
        assertEquals("alice@x", alice.get("account").asText());
        assertTrue(!json.get("proposals").get(0).get("entry").has("account"), "a port entry has no account field");
    }

    @Test
    void anAccountEntryAlreadyStoredIsUnchangedOrUpdatedLikePortEntries() {
        LimitEntry alice = LimitEntry.ofAccount(443, "alice@x", 2).withIdle(600).withObserve(true);
        LimitEntry bob = LimitEntry.ofAccount(443, "bob z@x", 9).withMasks(24, 56);
        LimitEntry gone = LimitEntry.ofAccount(443, "zoe@x", 1);
        LimitEntry port = LimitEntry.of(443, LimitMode.DEVICES, 40);
        ImportPlan plan = plan(List.of(port, alice, bob, gone));
        PlannedChange a = change(plan, "alice@x");
        assertEquals(ChangeKind.UNCHANGED, a.kind());
        PlannedChange b = change(plan, "bob z@x");
        assertEquals(ChangeKind.UPDATED, b.kind());
        assertEquals(bob.withMax(1), b.result(), "the panel sets the max; masks stay as the operator set them");
        assertEquals(ChangeKind.UPDATED, change(plan, "").kind(), "the port entry is matched by the port proposal alone");
        assertEquals(List.of(gone), plan.disappeared());
        assertTrue(PlanText.table(plan).contains("no client zoe@x on this port any more; the entry is kept"));
    }

    private static PlannedChange change(ImportPlan plan, String account) {
        return plan.changes().stream().filter(c -> c.result().port() == 443 && c.result().account().equals(account))
                .findFirst().orElseThrow();
    }
}
