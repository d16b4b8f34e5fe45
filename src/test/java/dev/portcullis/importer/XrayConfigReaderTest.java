package dev.portcullis.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XrayConfigReaderTest {

    @TempDir
    Path dir;

    private final XrayConfigReader reader = new XrayConfigReader();

    @Test
    void theV2rayFixtureIsAConfigV2rayAccepts() throws Exception {
        Path v2ray = Path.of("/usr/bin/v2ray");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(v2ray), "v2ray is not installed");
        Path config = Fixtures.file(dir, Fixtures.V2RAY_CONFIG);
        Process p = new ProcessBuilder(v2ray.toString(), "-test", "-config", config.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Configuration OK"), out);
    }

    @Test
    void readsAV2rayConfig() {
        List<PanelInbound> inbounds = reader.read(Fixtures.file(dir, Fixtures.V2RAY_CONFIG));
        assertEquals(5, inbounds.size());
        PanelInbound vmess = inbounds.get(0);
        assertEquals("10086", vmess.port());
        assertEquals("vmess-tcp", vmess.tag());
        assertEquals(List.of(new PanelClient("reza@example.net", 0, true)), vmess.clients());
        assertEquals("10087", inbounds.get(1).port(), "a port written as a string");
        assertEquals("kcp", inbounds.get(1).network());
        assertEquals(1, inbounds.get(2).clients().size(), "single-user shadowsocks");
        assertEquals("40000-40010", inbounds.get(3).port());
        assertTrue(inbounds.get(4).udpEnabled());
    }

    @Test
    void readsAnXrayConfigWithCommentsAndTrailingCommas() {
        List<PanelInbound> inbounds = reader.read(Fixtures.file(dir, Fixtures.XRAY_CONFIG));
        assertEquals(6, inbounds.size());
        assertEquals("api", inbounds.get(0).tag());
        assertEquals(List.of("8001", "8002", "@trojan-ws"), inbounds.get(1).fallbackDests());
        assertEquals("@trojan-ws", inbounds.get(2).listen());
        assertEquals("quic", inbounds.get(4).network());
        assertEquals("env:XRAY_PORT", inbounds.get(5).port());
    }

    @Test
    void readsTheOldSingleInboundLayout() {
        List<PanelInbound> inbounds = reader.parse("""
                {"inbound": {"port": 1080, "protocol": "vmess", "settings": {"clients": [{"id": "x"}]}},
                 "inboundDetour": [{"port": 1081, "protocol": "shadowsocks", "settings": {"method": "aes-128-gcm", "password": "p"}}],
                 "outbound": {"protocol": "freedom"}}
                """, "old.json");
        assertEquals(List.of("1080", "1081"), inbounds.stream().map(PanelInbound::port).toList());
    }

    @Test
    void refusesATruncatedConfigNamingTheFile() throws Exception {
        String full = Fixtures.resource(Fixtures.XRAY_CONFIG);
        Path cut = Files.writeString(dir.resolve("config.json"), full.substring(0, full.length() / 2));
        ImportException e = assertThrows(ImportException.class, () -> reader.read(cut));
        assertTrue(e.getMessage().startsWith("cannot read " + cut + ": the JSON ends early (truncated file?)"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void refusesJsonThatIsNotAConfig() {
        ImportException e = assertThrows(ImportException.class, () -> reader.parse("[1, 2]", "list.json"));
        assertEquals("cannot read list.json: not an Xray/V2Ray config (expected a JSON object)", e.getMessage());
        ImportException bad = assertThrows(ImportException.class, () -> reader.parse("{\"inbounds\": [}", "bad.json"));
        assertTrue(bad.getMessage().startsWith("cannot read bad.json: invalid JSON: "), bad.getMessage());
    }

    @Test
    void readsWhetherAccessLoggingIsOn() {
        assertEquals(new AccessLog("x.json", AccessLog.State.FILE, "/var/log/xray/access.log"),
                reader.config(Fixtures.resource(Fixtures.XHTTP_CONFIG), "x.json").accessLog());
        assertEquals(AccessLog.State.STDOUT, reader.config(Fixtures.resource(Fixtures.XRAY_CONFIG), "x.json")
                .accessLog().state(), "no log.access: Xray writes it to standard output");
        assertEquals(AccessLog.State.OFF, reader.config("{\"log\": {\"access\": \"none\"}}", "x.json").accessLog().state());
        assertEquals(AccessLog.State.OFF, reader.config("{\"log\": {\"access\": \"/var/log/a.log\", \"loglevel\": \"none\"}}",
                "x.json").accessLog().state(), "loglevel none silences the access log too");
        AccessLog off = reader.config("{\"log\": {\"access\": \"none\"}}", "/usr/local/etc/xray/config.json").accessLog();
        assertTrue(off.describe().startsWith("access logging is off in /usr/local/etc/xray/config.json"), off.describe());
    }

    @Test
    void refusesAnEnormousConfigGivenAsText() {
        String huge = "{\"inbounds\": [{\"port\": 1, \"protocol\": \"vless\"}" + " ".repeat((int) XrayConfigReader.MAX_BYTES) + "]}";
        assertTrue(huge.length() > XrayConfigReader.MAX_BYTES);
        ImportException e = assertThrows(ImportException.class, () -> reader.config(huge, "/etc/v2ray/config.json"));
        assertEquals("cannot read /etc/v2ray/config.json: larger than 16 MiB, not an Xray/V2Ray config", e.getMessage());
    }

    @Test
    void refusesAMissingFile() {
        ImportException e = assertThrows(ImportException.class, () -> reader.read(dir.resolve("nope.json")));
        assertTrue(e.getMessage().startsWith("cannot read " + dir.resolve("nope.json")), e.getMessage());
    }

    @Test
    void aDeeplyNestedOrHugeConfigIsOneClearError() {
        XrayConfigReader reader = new XrayConfigReader();
        int depth = InboundJson.MAX_DEPTH + 1;
        String deep = "{\"inbounds\": [], \"log\": " + "[".repeat(depth) + "]".repeat(depth) + "}";
        ImportException nested = assertThrows(ImportException.class, () -> reader.parse(deep, "/etc/v2ray/config.json"));
        assertTrue(nested.getMessage().startsWith("cannot read /etc/v2ray/config.json: invalid JSON: Document nesting depth ("
                + depth + ") exceeds the maximum allowed (" + InboundJson.MAX_DEPTH), nested.getMessage());

        String longString = "{\"inbounds\": [{\"port\": 443, \"protocol\": \"vless\", \"tag\": \""
                + "x".repeat(InboundJson.MAX_STRING_CHARS + 1) + "\"}]}";
        ImportException huge = assertThrows(ImportException.class, () -> reader.parse(longString, "c.json"));
        assertTrue(huge.getMessage().startsWith("cannot read c.json: invalid JSON: String value length ("), huge.getMessage());
    }
}
