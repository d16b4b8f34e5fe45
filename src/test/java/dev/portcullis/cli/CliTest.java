package dev.portcullis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SSH_PASSWORD = "ssh-Password-7f3a";

    @TempDir
    Path tmp;
    Path dataDir;
    CliRunner cli;

    @BeforeEach
    void setUp() {
        dataDir = tmp.resolve("data");
        cli = new CliRunner(dataDir).env("VPS_PW", SSH_PASSWORD);
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result r = cli.run(args);
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err(), r::toString);
        return r;
    }

    private void addServer() {
        ok("server", "add", "vps1", "--host", "198.18.0.5", "--password-env", "VPS_PW");
    }

    @Test
    void versionComesFromTheFilteredResource() {
        CliRunner.Result r = cli.raw("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().matches("portcullis \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R"), r.out());
        assertFalse(Files.exists(dataDir), "--version must not create the data directory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "server", "server add", "server list", "server show", "server remove", "limit",
        "limit set", "limit list", "limit remove"})
    void helpEverywhere(String command) {
        List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        args.add("--help");
        CliRunner.Result r = cli.raw(args.toArray(String[]::new));
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("Usage: portcullis" + (command.isEmpty() ? "" : " " + command)), r.out());
    }

    @Test
    void serverAddListShowAsJsonWithStableFieldNames() throws Exception {
        addServer();
        ok("server", "add", "fra", "--host", "fd00::5", "--port", "2222", "--user", "deploy",
                "--key", tmp.resolve("id_ed25519").toString(), "--sudo");

        JsonNode list = JSON.readTree(ok("server", "list", "--json").out());
        assertEquals(2, list.size());
        JsonNode fra = list.get(0);
        assertEquals(List.of("name", "host", "port", "user", "auth", "keyPath", "sudo"), CliRunner.fieldNames(fra));
        assertEquals("fra", fra.get("name").asText());
        assertEquals("fd00::5", fra.get("host").asText());
        assertEquals(2222, fra.get("port").asInt());
        assertEquals("deploy", fra.get("user").asText());
        assertEquals("key", fra.get("auth").asText());
        assertEquals(tmp.resolve("id_ed25519").toString(), fra.get("keyPath").asText());
        assertTrue(fra.get("sudo").asBoolean());

        JsonNode vps1 = JSON.readTree(ok("server", "show", "vps1", "--json").out());
        assertEquals("password", vps1.get("auth").asText());
        assertTrue(vps1.get("keyPath").isNull());
        assertEquals(22, vps1.get("port").asInt());
        assertEquals("root", vps1.get("user").asText());

        String text = ok("server", "show", "vps1").out();
        assertTrue(text.contains("secrets:  password (sealed)"), text);
        assertFalse(text.contains(SSH_PASSWORD));
        assertTrue(ok("server", "list").out().contains("vps1  198.18.0.5"));
    }

    @Test
    void limitSetListRemoveWithJson() throws Exception {
        addServer();
        assertEquals("added limit 443/tcp on vps1: devices max 3, enforce, label $(rm -rf /)\n",
                ok("limit", "set", "vps1", "443", "--max", "3", "--label", "$(rm -rf /)").out());
        ok("limit", "set", "vps1", "8443", "--max", "20", "--mode", "connections-per-ip", "--proto", "both",
                "--v4-mask", "24", "--v6-prefix", "48", "--observe", "--disabled", "--idle", "60");
        // Changing one field keeps the others.
        assertTrue(ok("limit", "set", "vps1", "443", "--max", "4").out().startsWith("updated limit 443/tcp"));

        JsonNode limits = JSON.readTree(ok("limit", "list", "--json").out());
        assertEquals(2, limits.size());
        JsonNode first = limits.get(0);
        assertEquals(List.of("server", "port", "protocol", "mode", "max", "v4Mask", "v6Prefix", "label", "observe",
                "enabled", "idleSeconds"), CliRunner.fieldNames(first));
        assertEquals("vps1", first.get("server").asText());
        assertEquals(443, first.get("port").asInt());
        assertEquals("tcp", first.get("protocol").asText());
        assertEquals("devices", first.get("mode").asText());
        assertEquals(4, first.get("max").asInt());
        assertEquals("$(rm -rf /)", first.get("label").asText());
        assertTrue(first.get("enabled").asBoolean());
        assertFalse(first.get("observe").asBoolean());
        JsonNode second = limits.get(1);
        assertEquals("both", second.get("protocol").asText());
        assertEquals("connections-per-ip", second.get("mode").asText());
        assertEquals(24, second.get("v4Mask").asInt());
        assertEquals(48, second.get("v6Prefix").asInt());
        assertTrue(second.get("observe").asBoolean());
        assertFalse(second.get("enabled").asBoolean());
        assertEquals(60, second.get("idleSeconds").asInt());

        assertEquals(limits, JSON.readTree(ok("limit", "list", "vps1", "--json").out()));
        assertTrue(ok("limit", "list").out().contains("vps1    443   tcp"));

        ok("limit", "remove", "vps1", "8443");
        assertEquals(1, JSON.readTree(ok("limit", "list", "--json").out()).size());
    }

    @Test
    void badInputExitsTwoWithOneLineAndChangesNothing() throws Exception {
        addServer();
        ok("limit", "set", "vps1", "443", "--max", "3");
        String before = ok("limit", "list", "--json").out();

        assertTrue(cli.badInput("limit", "set", "vps1", "70000", "--max", "3").err().contains("'70000': 1-65535"));
        assertTrue(cli.badInput("limit", "set", "vps1", "0", "--max", "3").err().contains("'0'"));
        assertTrue(cli.badInput("limit", "set", "vps1", "444", "--max", "0").err().contains("invalid max '0': 1-10000"));
        assertTrue(cli.badInput("limit", "set", "vps1", "444", "--max", "10001").err().contains("'10001'"));
        assertTrue(cli.badInput("limit", "set", "vps1", "444", "--max", "3", "--v4-mask", "33").err().contains("0-32"));
        assertTrue(cli.badInput("limit", "set", "vps1", "444", "--max", "3", "--v6-prefix", "129").err().contains("0-128"));
        assertTrue(cli.badInput("limit", "set", "vps1", "444", "--max", "3", "--mode", "users").err()
                .contains("connections, connections-per-ip, devices"));
        assertTrue(cli.badInput("limit", "set", "vps1", "444", "--max", "3", "--proto", "sctp").err().contains("tcp, udp, both"));
        assertTrue(cli.badInput("limit", "set", "vps1", "444", "--max", "3", "--label", "a\u0007b").err().contains("label"));
        assertTrue(cli.badInput("limit", "set", "vps1", "444", "--max", "3", "--label", "x".repeat(65)).err().contains("64"));
        assertTrue(cli.badInput("limit", "set", "vps1", "444").err().contains("--max"));
        assertTrue(cli.badInput("limit", "set", "vps1", "443", "--max", "3", "--proto", "both").err().contains("443/both"));
        assertTrue(cli.badInput("limit", "set", "vps1", "abc", "--max", "3").err().contains("'abc'"));
        assertTrue(cli.badInput("limit", "set", "nosuch", "444", "--max", "3").err().contains("'nosuch'"));
        assertTrue(cli.badInput("limit", "list", "nosuch").err().contains("'nosuch'"));
        assertTrue(cli.badInput("limit", "remove", "vps1", "444").err().contains("'444'"));
        assertTrue(cli.badInput("limit", "frobnicate").err().contains("frobnicate"));
        assertTrue(cli.badInput("limit", "set", "vps1", "444", "--max", "3", "--bogus").err().contains("--bogus"));

        assertEquals(before, ok("limit", "list", "--json").out());
    }

    @Test
    void badServerInputExitsTwoAndChangesNothing() throws Exception {
        addServer();
        String before = ok("server", "list", "--json").out();
        assertTrue(cli.badInput("server", "add", "vps1", "--host", "198.18.0.6", "--password-env", "VPS_PW").err()
                .contains("server name 'vps1'"));
        assertTrue(cli.badInput("server", "add", "bad name", "--host", "h", "--password-env", "VPS_PW").err()
                .contains("server name"));
        assertTrue(cli.badInput("server", "add", "x", "--host", "300.1.1.1", "--password-env", "VPS_PW").err()
                .contains("host '300.1.1.1'"));
        assertTrue(cli.badInput("server", "add", "x", "--host", "h;reboot", "--password-env", "VPS_PW").err().contains("host"));
        assertTrue(cli.badInput("server", "add", "x", "--host", "h", "--port", "0", "--password-env", "VPS_PW").err()
                .contains("ssh port '0'"));
        assertTrue(cli.badInput("server", "add", "x", "--host", "h", "--password-env", "UNSET_VAR").err()
                .contains("--password-env 'UNSET_VAR'"));
        assertTrue(cli.badInput("server", "add", "x", "--host", "h").err().contains("password"));
        assertTrue(cli.badInput("server", "add", "x").err().contains("--host"));
        assertTrue(cli.badInput("server", "show", "nosuch").err().contains("'nosuch'"));
        assertTrue(cli.badInput("server", "remove", "nosuch").err().contains("'nosuch'"));
        assertEquals(before, ok("server", "list", "--json").out());
    }

    @Test
    void passwordIsNeverAnArgument() {
        CliRunner.Result r = cli.run("server", "add", "x", "--host", "h", "--password", "hunter2");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("portcullis: Unknown option"), r::toString);
        assertFalse(Files.exists(dataDir.resolve("portcullis.mv.db")), "nothing was opened or written");
    }

    @Test
    void removingAServerRemovesItsLimits() throws Exception {
        addServer();
        ok("limit", "set", "vps1", "443", "--max", "3");
        assertEquals("removed server vps1\n", ok("server", "remove", "vps1").out());
        assertEquals(0, JSON.readTree(ok("limit", "list", "--json").out()).size());
        assertEquals(0, JSON.readTree(ok("server", "list", "--json").out()).size());
    }

    @Test
    void masterPasswordIsCheckedOnlyWhenASecretIsNeeded() {
        addServer();
        cli.env("PORTCULLIS_MASTER_PASSWORD", null);
        ok("limit", "set", "vps1", "443", "--max", "3");
        ok("limit", "list");
        ok("server", "show", "vps1");
        CliRunner.Result missing = cli.run("server", "add", "b", "--host", "h", "--password-env", "VPS_PW");
        assertEquals(2, missing.code(), missing::toString);
        assertTrue(missing.err().contains("PORTCULLIS_MASTER_PASSWORD"), missing::toString);

        cli.env("PORTCULLIS_MASTER_PASSWORD", "definitely-wrong");
        CliRunner.Result wrong = cli.run("server", "add", "b", "--host", "h", "--password-env", "VPS_PW");
        assertEquals(2, wrong.code(), wrong::toString);
        assertTrue(wrong.err().startsWith("portcullis: wrong master password"), wrong::toString);
        assertEquals(1, cli.env("PORTCULLIS_MASTER_PASSWORD", CliRunner.MASTER).run("server", "list", "--json")
                .out().chars().filter(c -> c == '{').count());
    }

    @Test
    void operationFailureExitsOne() throws Exception {
        Path notADirectory = Files.writeString(tmp.resolve("file"), "x");
        CliRunner.Result r = cli.raw("--data-dir", notADirectory.toString(), "server", "list");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().startsWith("portcullis: "), r::toString);
        assertTrue(r.err().contains(notADirectory.toString()), r::toString);
    }

    @Test
    void dataDirComesFromOptionAnywhereOrEnvironment() throws Exception {
        Path other = tmp.resolve("other");
        CliRunner.Result r = cli.raw("server", "add", "a", "--host", "h", "--password-env", "VPS_PW", "--data-dir",
                other.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(Files.exists(other.resolve("portcullis.mv.db")));
        cli.env("PORTCULLIS_HOME", other.toString());
        CliRunner.Result viaEnv = cli.raw("server", "list", "--json");
        assertEquals(0, viaEnv.code(), viaEnv::toString);
        assertEquals("a", JSON.readTree(viaEnv.out()).get(0).get("name").asText());
        assertFalse(Files.exists(dataDir.resolve("portcullis.mv.db")));
    }

    @Test
    void logGoesToTheDataDirectoryWithoutSecrets() throws Exception {
        CliRunner.Result r = cli.run("server", "add", "vps1", "--host", "198.18.0.5", "--password-env", "VPS_PW");
        assertFalse(r.out().contains("INFO"), r.out());
        ok("limit", "set", "vps1", "443", "--max", "3");
        String log = Files.readString(dataDir.resolve("portcullis.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("added server vps1"), log);
        assertTrue(log.contains("added limit 443/tcp on vps1"), log);
        assertFalse(log.contains(SSH_PASSWORD), log);
        assertFalse(log.contains(CliRunner.MASTER), log);
    }
}
