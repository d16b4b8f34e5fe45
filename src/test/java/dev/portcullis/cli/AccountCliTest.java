package dev.portcullis.cli;

import static dev.portcullis.cli.CliRunner.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Network;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.ServerSettings;
import dev.portcullis.rules.ScriptGenerator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Account limits on a shared port and the server settings they need, from the command line. */
class AccountCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = CliRunner.withPasswordServer(tmp, "a-Password-1");
    }

    private String limitsJson() {
        return ok(cli.run("limit", "list", "--json")).out();
    }

    @Test
    void setListAndRemoveAnAccountLimit() throws Exception {
        ok(cli.run("limit", "set", "vps1", "443", "--max", "40", "--mode", "connections"));
        CliRunner.Result added = ok(cli.run("limit", "set", "vps1", "443", "--account", "alice@x", "--max", "1",
                "--idle", "300", "--v6-prefix", "56", "--label", "Alice", "--observe"));
        assertTrue(added.out().startsWith("added limit 443/tcp account alice@x on vps1: devices max 1, observe, label Alice\n"),
                added::toString);
        assertTrue(added.out().contains("server allow vps1"), "a new account limit says what it cannot do");
        ok(cli.run("limit", "set", "vps1", "443", "--account", "bob@x", "--max", "2", "--proto", "both", "--disabled"));

        JsonNode list = JSON.readTree(limitsJson());
        assertEquals(3, list.size());
        assertFalse(list.get(0).has("account"), "a port entry has no account field");
        assertEquals(List.of("server", "port", "protocol", "account", "mode", "max", "v4Mask", "v6Prefix", "label",
                "observe", "enabled", "idleSeconds"), CliRunner.fieldNames(list.get(1)));
        assertEquals("alice@x", list.get(1).get("account").asText());
        assertEquals("devices", list.get(1).get("mode").asText());
        assertEquals(300, list.get(1).get("idleSeconds").asInt());
        assertEquals(56, list.get(1).get("v6Prefix").asInt());
        assertTrue(list.get(1).get("observe").asBoolean());
        assertEquals("bob@x", list.get(2).get("account").asText());
        assertFalse(list.get(2).get("enabled").asBoolean());
        assertEquals(list, JSON.readTree(ok(cli.run("limit", "list", "vps1", "--json")).out()));

        String table = ok(cli.run("limit", "list")).out();
        assertTrue(table.lines().findFirst().orElseThrow().matches("SERVER +PORT +PROTO +ACCOUNT +MODE .*"), table);
        assertTrue(table.contains("vps1    443   tcp    alice@x  devices"), table);
        assertTrue(table.contains("vps1    443   tcp    -        connections"), table);

        // Changing an account entry keeps what is not given.
        ok(cli.run("limit", "set", "vps1", "443", "--account", "alice@x", "--max", "2", "--no-observe"));
        assertEquals(List.of(LimitEntry.of(443, LimitMode.CONNECTIONS, 40),
                        LimitEntry.ofAccount(443, "alice@x", 2).withIdle(300).withMasks(32, 56).withLabel("Alice"),
                        LimitEntry.ofAccount(443, "bob@x", 2).withProtocol(Protocol.BOTH).withEnabled(false)),
                CliRunner.limits(tmp.resolve("data"), "vps1"));

        assertEquals("removed 1 limit on port 443 of vps1\n", ok(cli.run("limit", "remove", "vps1", "443")).out());
        assertEquals(2, JSON.readTree(limitsJson()).size(), "removing the port's limit keeps its account limits");
        assertEquals("removed 1 limit on port 443 for account bob@x of vps1\n",
                ok(cli.run("limit", "remove", "vps1", "443", "--account", "bob@x")).out());
        assertTrue(cli.badInput("limit", "remove", "vps1", "443", "--account", "bob@x").err().contains("'bob@x'"));
        ok(cli.run("limit", "remove", "vps1", "443", "--proto", "tcp", "--account", "alice@x"));
        assertEquals("[ ]", limitsJson().strip());
    }

    @Test
    void badAccountInputIsRefusedNamingTheValueAndChangesNothing() {
        ok(cli.run("limit", "set", "vps1", "443", "--account", "alice@x", "--max", "1"));
        String before = limitsJson();
        assertTrue(cli.badInput("limit", "set", "vps1", "443", "--account", "alice@x", "--max", "1", "--mode", "connections")
                .err().contains("'connections'"));
        assertTrue(cli.badInput("limit", "set", "vps1", "8443", "--account", "carol@x", "--max", "1", "--mode",
                "connections-per-ip").err().contains("'connections-per-ip'"));
        String evil = cli.badInput("limit", "set", "vps1", "443", "--account", "evil\u001b[2J@x", "--max", "1").err();
        assertTrue(evil.contains("'evil\\u001b[2J@x'"), evil);
        assertTrue(cli.badInput("limit", "set", "vps1", "443", "--account", "", "--max", "1").err().contains("account"));
        assertTrue(cli.badInput("limit", "set", "vps1", "443", "--account", "x".repeat(129), "--max", "1").err().contains("account"));
        assertTrue(cli.badInput("limit", "set", "vps1", "22", "--account", "alice@x", "--max", "1").err().contains("22/tcp"),
                "the SSH port stays out of reach");
        assertTrue(cli.badInput("limit", "set", "vps1", "443", "--account", "alice@x", "--max", "1", "--proto", "both")
                .err().contains("443/both"), "alice already has 443/tcp");
        assertTrue(cli.badInput("limit", "set", "vps1", "443", "--account", "dave@x").err().contains("max"));
        assertEquals(before, limitsJson());
    }

    @Test
    void accessLogAndAllowedNetworks() throws Exception {
        JsonNode fresh = JSON.readTree(ok(cli.run("server", "show", "vps1", "--json")).out());
        assertEquals("", fresh.get("accessLog").asText());
        assertEquals(0, fresh.get("allowed").size());
        assertEquals("access log of vps1: /var/log/xray/access.log\n",
                ok(cli.run("server", "set", "vps1", "--access-log", "/var/log/xray/access.log")).out());
        assertEquals("allowed on vps1: 100.64.0.0/10\n", ok(cli.run("server", "allow", "vps1", "100.64.1.2/10")).out());
        ok(cli.run("server", "allow", "vps1", "2001:DB8:0::1/48"));
        ok(cli.run("server", "allow", "vps1", "198.51.100.7"));
        assertTrue(ok(cli.run("server", "allow", "vps1", "100.64.0.0/10")).out().contains("already allowed"));

        JsonNode shown = JSON.readTree(ok(cli.run("server", "show", "vps1", "--json")).out());
        assertEquals("/var/log/xray/access.log", shown.get("accessLog").asText());
        assertEquals("[\"100.64.0.0/10\",\"198.51.100.7/32\",\"2001:db8::/48\"]", shown.get("allowed").toString());
        String text = ok(cli.run("server", "show", "vps1")).out();
        assertTrue(text.contains("access log: /var/log/xray/access.log\n"), text);
        assertTrue(text.contains("allowed:  100.64.0.0/10, 198.51.100.7/32, 2001:db8::/48\n"), text);

        assertTrue(cli.badInput("server", "allow", "vps1", "100.64.0.0/33").err().contains("'100.64.0.0/33'"));
        assertTrue(cli.badInput("server", "allow", "vps1", "example.com").err().contains("'example.com'"));
        assertTrue(cli.badInput("server", "set", "vps1", "--access-log", "logs/access.log").err().contains("'logs/access.log'"));
        assertTrue(cli.badInput("server", "set", "vps1").err().contains("--access-log"));
        assertTrue(cli.badInput("server", "allow", "nosuch", "198.51.100.7").err().contains("'nosuch'"));
        assertEquals(shown, JSON.readTree(ok(cli.run("server", "show", "vps1", "--json")).out()), "refusals change nothing");

        assertEquals("no longer allowed on vps1: 198.51.100.7/32\n",
                ok(cli.run("server", "allow", "vps1", "198.51.100.7", "--remove")).out());
        assertTrue(ok(cli.run("server", "allow", "vps1", "198.51.100.7", "--remove")).out().contains("was not allowed"));
        ok(cli.run("server", "set", "vps1", "--access-log", ""));
        assertTrue(ok(cli.run("server", "show", "vps1")).out().contains("access log: from the proxy's config"));
    }

    @Test
    void theScriptCarriesSettingsAndAccountEntries() {
        ok(cli.run("server", "set", "vps1", "--access-log", "/var/log/v2ray/access.log"));
        ok(cli.run("server", "allow", "vps1", "100.64.0.0/10"));
        ok(cli.run("limit", "set", "vps1", "443", "--account", "alice@x", "--max", "1"));
        String script = ok(cli.run("script", "vps1")).out();
        assertEquals(new ScriptGenerator().generate("vps1", new ServerSettings("/var/log/v2ray/access.log",
                List.of(Network.parse("100.64.0.0/10"))), List.of(LimitEntry.ofAccount(443, "alice@x", 1))), script);
        assertTrue(script.contains("\naccess-log=%2Fvar%2Flog%2Fv2ray%2Faccess.log\nallow=100.64.0.0/10\n"), "settings in limits.conf");
        assertTrue(script.contains(" account=alice%40x\n"));
    }
}
