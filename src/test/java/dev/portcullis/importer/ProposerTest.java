package dev.portcullis.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.Validator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProposerTest {

    @TempDir
    Path dir;

    private final Proposer proposer = new Proposer();

    private Map<Integer, Proposal> byPort(Proposals proposals) {
        return proposals.proposals().stream().collect(Collectors.toMap(p -> p.entry().port(), Function.identity()));
    }

    private static boolean warns(Proposal p, String text) {
        return p.warnings().stream().anyMatch(w -> w.contains(text));
    }

    @Test
    void turns3xUiInboundsIntoEntriesWithWarnings() {
        List<PanelInbound> inbounds = new XuiDatabaseReader().read(Fixtures.databaseFromResource(dir, Fixtures.THREE_X_UI_SQL));
        Proposals result = proposer.propose(inbounds, ImportOptions.defaults());
        Map<Integer, Proposal> p = byPort(result);
        assertEquals(List.of(443, 2053, 30000, 8388, 9443, 2096, 51820),
                result.proposals().stream().map(x -> x.entry().port()).toList());

        Proposal shared = p.get(443);
        assertEquals(new LimitEntry(443, Protocol.TCP, LimitMode.DEVICES, 5, 32, 64, "reality-shared", false, true, 120),
                shared.entry());
        assertTrue(warns(shared, "2 clients share this port"), shared.warnings().toString());
        assertTrue(warns(shared, "sum of the clients' limitIp"));
        assertTrue(warns(shared, "not counted, the panel does not serve them: 1 switched off in the panel"),
                shared.warnings().toString());
        assertTrue(shared.maxFromPanel());

        assertTrue(warns(p.get(2053), "has fallbacks"));

        assertEquals(Protocol.UDP, p.get(30000).entry().protocol(), "mKCP is UDP");
        assertEquals(Protocol.BOTH, p.get(8388).entry().protocol(), "shadowsocks on tcp,udp");
        assertEquals(Protocol.UDP, p.get(51820).entry().protocol(), "wireguard");
        assertEquals("wg", p.get(51820).entry().label());

        Proposal off = p.get(9443);
        assertFalse(off.entry().enabled());
        assertTrue(warns(off, "the panel does not serve it (expired): proposed disabled"), off.warnings().toString());

        String label = p.get(2096).entry().label();
        Validator.label(label);
        assertTrue(label.startsWith("حساب ویژه مشتری تهران سرور"), label);
        assertEquals(Validator.MAX_LABEL_LENGTH, label.codePointCount(0, label.length()), label);

        // Loopback inbounds get no entry: everyone behind the proxy or fallback in front arrives from 127.0.0.1.
        List<String> notes = result.notes();
        assertEquals(3, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("skipped vmess inbound 'inbound-127.0.0.1:8880' on port 8880 (" + dir.resolve("3x-ui.db") + "): "
                + "listens on 127.0.0.1 only"), notes.get(0));
        assertTrue(notes.get(0).endsWith("it is limited through the port in front of it"), notes.get(0));
        assertTrue(notes.get(1).startsWith("skipped vless inbound 'behind-front' on port 2083"), notes.get(1));
        assertTrue(notes.get(1).endsWith("through the fallbacks of port 2053, so a limit here would count them as one; "
                + "it is limited through port 2053"), notes.get(1));
        assertTrue(notes.get(2).startsWith("skipped dokodemo-door inbound 'dns-forward' on port 5353"), notes.get(2));
    }

    @Test
    void turnsVaxiluInboundsIntoEntries() {
        List<PanelInbound> inbounds = new XuiDatabaseReader().read(Fixtures.databaseFromResource(dir, Fixtures.VAXILU_SQL));
        Map<Integer, Proposal> p = byPort(proposer.propose(inbounds, new ImportOptions(100, null)));
        assertEquals(5, p.size());
        assertEquals(new LimitEntry(23456, Protocol.TCP, LimitMode.CONNECTIONS_PER_IP, 100, 32, 64, "ali-phone",
                false, true, 120), p.get(23456).entry());
        assertTrue(p.get(23456).warnings().isEmpty(), p.get(23456).warnings().toString());
        assertEquals(Protocol.UDP, p.get(34567).entry().protocol());
        assertFalse(p.get(8443).entry().enabled());
        assertEquals(Protocol.BOTH, p.get(12345).entry().protocol());
    }

    @Test
    void anExplicitModeAppliesEverywhereAndWarnsWhereLimitIpMeansDevices() {
        List<PanelInbound> inbounds = new XuiDatabaseReader().read(Fixtures.databaseFromResource(dir, Fixtures.THREE_X_UI_SQL));
        Map<Integer, Proposal> p = byPort(proposer.propose(inbounds, new ImportOptions(30, LimitMode.CONNECTIONS_PER_IP)));
        assertEquals(LimitMode.CONNECTIONS_PER_IP, p.get(443).entry().mode());
        assertEquals(5, p.get(443).entry().max());
        assertTrue(warns(p.get(443), "consider --mode devices"));
        assertEquals(30, p.get(2053).entry().max());
        assertTrue(p.values().stream().allMatch(Proposal::modeChosen));
    }

    @Test
    void readsXrayAndV2rayConfigs() {
        List<PanelInbound> inbounds = new ArrayList<>(new XrayConfigReader().read(Fixtures.file(dir, Fixtures.XRAY_CONFIG)));
        inbounds.addAll(new XrayConfigReader().read(Fixtures.file(dir, Fixtures.V2RAY_CONFIG)));
        Proposals result = proposer.propose(inbounds, ImportOptions.defaults());
        Map<Integer, Proposal> p = byPort(result);
        assertEquals(List.of(443, 4433, 10086, 10087, 8389),
                result.proposals().stream().map(x -> x.entry().port()).toList());
        assertEquals("maryam", p.get(443).entry().label(), "the one client's e-mail");
        assertTrue(warns(p.get(443), "has fallbacks"));
        assertEquals(Protocol.UDP, p.get(4433).entry().protocol(), "QUIC is UDP");
        assertEquals(Protocol.UDP, p.get(10087).entry().protocol());
        assertEquals("vmess-mkcp", p.get(10087).entry().label(), "two clients: the tag");
        assertEquals(Protocol.BOTH, p.get(8389).entry().protocol());
        assertEquals("family", p.get(8389).entry().label());

        List<String> notes = result.notes();
        assertEquals(6, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("'api' on port 62789") && notes.get(0).endsWith("the Xray API inbound, not an account"));
        assertTrue(notes.get(1).contains("'trojan-ws'") && notes.get(1).contains("listens on the Unix socket @trojan-ws")
                && notes.get(1).endsWith("it is limited through port 443"), notes.get(1));
        assertTrue(notes.get(2).contains("'vmess-h2c' on port 8002") && notes.get(2).contains("listens on 127.0.0.1 only")
                && notes.get(2).endsWith("it is limited through port 443"), notes.get(2));
        assertTrue(notes.get(3).endsWith("port 'env:XRAY_PORT' is not a port number 1-65535"), notes.get(3));
        assertTrue(notes.get(4).contains("port range '40000-40010'"), notes.get(4));
        assertTrue(notes.get(5).contains("'local-socks' on port 1080") && notes.get(5).contains("listens on 127.0.0.1 only"),
                notes.get(5));
    }

    @Test
    void theSameInboundReadFromTheDatabaseAndThePanelsXrayConfigCountsOnce() {
        PanelInbound fromDb = new PanelInbound("/etc/x-ui/x-ui.db", "alice", "inbound-443", true, "", "443", "vless",
                "tcp", "", false, List.of(new PanelClient("alice", 0, true)), List.of());
        PanelInbound fromConfig = new PanelInbound("/usr/local/x-ui/bin/config.json", "", "inbound-443", true, "", "443",
                "vless", "tcp", "", false, List.of(new PanelClient("alice", 0, true)), List.of());
        Proposals result = proposer.propose(List.of(fromDb, fromConfig), ImportOptions.defaults());
        assertEquals(1, result.proposals().size());
        assertTrue(result.proposals().get(0).warnings().isEmpty());
        assertEquals(List.of("port 443 of /usr/local/x-ui/bin/config.json was already read from /etc/x-ui/x-ui.db"),
                result.notes());
    }

    @Test
    void tcpAndUdpInboundsOnOnePortGetOneEntryEach() {
        PanelInbound tcp = new PanelInbound("c.json", "", "a", true, "0.0.0.0", "443", "vless", "tcp", "", false,
                List.of(new PanelClient("ana", 2, true)), List.of());
        PanelInbound udp = new PanelInbound("c.json", "", "b", true, "::", "443", "vless", "quic", "", false,
                List.of(new PanelClient("ben", 3, true)), List.of());
        PanelInbound again = new PanelInbound("c.json", "", "c", true, "198.18.0.1", "443", "trojan", "tcp", "", false,
                List.of(new PanelClient("cy", 1, true)), List.of());
        Proposals result = proposer.propose(List.of(tcp, udp, again), ImportOptions.defaults());
        assertEquals(2, result.proposals().size());
        Proposal first = result.proposals().get(0);
        assertEquals(Protocol.TCP, first.entry().protocol());
        assertTrue(warns(first, "the port is also used by trojan inbound 'c'"), first.warnings().toString());
        Proposal second = result.proposals().get(1);
        assertEquals(new LimitEntry(443, Protocol.UDP, LimitMode.DEVICES, 3, 32, 64, "ben", false, true, 120),
                second.entry(), "its own max and label");
        assertTrue(second.warnings().isEmpty(), second.warnings().toString());
    }

    @Test
    void proposes3xUi3AsThePanelServesIt() {
        List<PanelInbound> inbounds = new XuiDatabaseReader(Fixtures.NOW)
                .read(Fixtures.databaseFromResource(dir, Fixtures.THREE_X_UI_3_SQL), "/etc/x-ui/x-ui.db");
        Proposals result = proposer.propose(inbounds, ImportOptions.defaults());
        List<Proposal> all = result.proposals();
        assertEquals(List.of("443/tcp", "443/udp", "8443/udp", "2053/tcp", "9443/tcp"),
                all.stream().map(x -> x.entry().port() + "/" + x.entry().protocol().id()).toList());

        // Only alice is served: bob expired, carol used up her traffic, dave is switched off.
        Proposal reality = all.get(0);
        assertEquals(new LimitEntry(443, Protocol.TCP, LimitMode.DEVICES, 2, 32, 64, "alice", false, true, 120),
                reality.entry(), "alice's limit_ip alone; her e-mail, not the generated tag in-443-tcp");
        assertFalse(warns(reality, "clients share this port"), reality.warnings().toString());
        assertTrue(warns(reality, "not counted, the panel does not serve them: 1 switched off in the panel, 1 expired, "
                + "1 used up its traffic"), reality.warnings().toString());
        assertFalse(warns(reality, "also used by"), "Hysteria2 on 443/udp is another entry");

        Proposal hysteria = all.get(1);
        assertEquals(new LimitEntry(443, Protocol.UDP, LimitMode.DEVICES, 4, 32, 64, "hy2", false, true, 120),
                hysteria.entry(), "its own max: erin's and frank's limit_ip");
        assertTrue(warns(hysteria, "2 clients share this port"));

        assertEquals(new LimitEntry(8443, Protocol.UDP, LimitMode.CONNECTIONS_PER_IP, 64, 32, 64, "gina", false, true, 120),
                all.get(2).entry(), "XHTTP with ALPN h3 alone is QUIC");

        Proposal front = all.get(3);
        assertEquals(3, front.entry().max(), "alice (2) is linked here too, with henry (1)");
        assertTrue(warns(front, "has fallbacks"));

        Proposal expired = all.get(4);
        assertFalse(expired.entry().enabled());
        assertEquals("kian", expired.entry().label());
        assertTrue(warns(expired, "the panel does not serve it (expired): proposed disabled"), expired.warnings().toString());

        List<String> notes = result.notes();
        assertEquals(2, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("skipped vless inbound 'behind-front' on port 2083 (/etc/x-ui/x-ui.db): "
                + "listens on 127.0.0.1 only") && notes.get(0).endsWith("it is limited through port 2053"), notes.get(0));
        assertEquals("skipped vless inbound 'frankfurt' on port 443 (/etc/x-ui/x-ui.db): runs on node 'de-fra-1' "
                + "(node1.example.com), not on this server (import it for that server)", notes.get(1));
    }

    @Test
    void alireza0ClientsStoppedByThePanelDoNotCount() {
        List<PanelInbound> inbounds = new XuiDatabaseReader(Fixtures.NOW)
                .read(Fixtures.databaseFromResource(dir, Fixtures.ALIREZA0_SQL));
        Map<Integer, Proposal> p = byPort(proposer.propose(inbounds, ImportOptions.defaults()));
        Proposal family = p.get(10001);
        assertEquals(new LimitEntry(10001, Protocol.TCP, LimitMode.DEVICES, 1, 32, 64, "family", false, true, 120),
                family.entry(), "mina's limitIp alone, not 1 + 2 + 1");
        assertFalse(warns(family, "clients share this port"), family.warnings().toString());
        assertTrue(warns(family, "1 expired, 1 used up its traffic"), family.warnings().toString());

        Proposal usedUp = p.get(10002);
        assertFalse(usedUp.entry().enabled());
        assertEquals("zoe", usedUp.entry().label(), "not the generated tag inbound-10002");
        assertTrue(warns(usedUp, "the panel serves none of its clients (1 used up its traffic): proposed disabled"),
                usedUp.warnings().toString());
    }

    @Test
    void xhttpWithAlpnH3AloneIsUdp() {
        Proposals result = proposer.propose(new XrayConfigReader().read(Fixtures.file(dir, Fixtures.XHTTP_CONFIG)),
                ImportOptions.defaults());
        assertEquals(List.of("443/udp sahar", "2087/tcp taha", "8443/tcp yasmin", "11451/udp IN-Hysteria2"),
                result.proposals().stream().map(x -> x.entry().port() + "/" + x.entry().protocol().id() + " "
                        + x.entry().label()).toList());
    }

    @Test
    void generatedTagsAreNotLabels() {
        for (String tag : List.of("in-443-tcp", "in-443-udp", "in-8443-tcpudp", "n2-in-443-tcp", "in-443-tcp-2",
                "inbound-443", "inbound-127.0.0.1:8880", "443")) {
            assertTrue(Proposer.isGeneratedTag(tag), tag);
        }
        for (String tag : List.of("vless-vision", "IN-Hysteria2", "in-house", "cdn")) {
            assertFalse(Proposer.isGeneratedTag(tag), tag);
        }
        PanelInbound shared = new PanelInbound("/usr/local/x-ui/bin/config.json", "", "in-2096-tcp", true, "", "2096",
                "vless", "tcp", "", false, List.of(new PanelClient("a", 0, true), new PanelClient("b", 0, true)), List.of());
        assertEquals("", proposer.propose(List.of(shared), ImportOptions.defaults()).proposals().get(0).entry().label());
    }

    @Test
    void noEnforcingEntryForLoopbackOrSocketListeners() {
        List<PanelInbound> inbounds = new ArrayList<>();
        for (String listen : List.of("127.0.0.1", "127.0.0.53", "::1", "[::1]", "localhost", "::ffff:127.0.0.1",
                "/dev/shm/vless.sock,0666", "@vless")) {
            inbounds.add(new PanelInbound("c.json", "", "x", true, listen, "8001", "vless", "ws", "", false,
                    List.of(new PanelClient("u", 1, true)), List.of()));
        }
        inbounds.add(new PanelInbound("c.json", "", "front", true, "", "443", "vless", "tcp", "", false, List.of(),
                List.of("@vless", "/dev/shm/vless.sock")));
        Proposals result = proposer.propose(inbounds, ImportOptions.defaults());
        assertEquals(List.of(443), result.proposals().stream().map(x -> x.entry().port()).toList());
        assertEquals(8, result.notes().size(), result.notes().toString());
        assertTrue(result.notes().get(6).contains("listens on the Unix socket /dev/shm/vless.sock,0666")
                && result.notes().get(6).endsWith("it is limited through port 443"), result.notes().get(6));
        assertTrue(result.notes().get(7).endsWith("it is limited through port 443"), result.notes().get(7));
        for (String listen : List.of("", "0.0.0.0", "::", "198.18.0.1", "fd00::1", "128.0.0.1")) {
            PanelInbound open = new PanelInbound("c.json", "", "x", true, listen, "8001", "vless", "ws", "", false,
                    List.of(), List.of());
            assertEquals(1, proposer.propose(List.of(open), ImportOptions.defaults()).proposals().size(), listen);
        }
    }

    @Test
    void labelsAreSanitised() {
        assertEquals("a b c", Proposer.label(" a\tb\n\u0000c\u200E "));
        assertEquals("", Proposer.label(null));
        assertEquals("x".repeat(64), Proposer.label("x".repeat(100)));
        assertEquals("کاربر\u200Cها", Proposer.label("کاربر\u200Cها"), "ZWNJ belongs to Persian words");
    }

    @Test
    void loneSurrogatesFromPanelJsonAreDroppedFromLabels() {
        // JSON may escape half a character ("\\ud83d"); Jackson hands it over as a lone surrogate.
        String json = "{\"inbounds\": [{\"port\": 443, \"protocol\": \"vless\", \"settings\": {\"clients\":"
                + " [{\"id\": \"x\", \"email\": \"ali\\ud83d-phone\\ude00\"}]}}]}";
        List<PanelInbound> inbounds = new XrayConfigReader().parse(json, "c.json");
        assertEquals("ali\ud83d-phone\ude00", inbounds.get(0).clients().get(0).email());
        LimitEntry entry = new Proposer().propose(inbounds, ImportOptions.defaults()).proposals().get(0).entry();
        assertEquals("ali-phone", entry.label());
        assertEquals("a\ud83d\ude00b", Proposer.label("a\ud83d\ude00b"), "whole pairs stay");
    }
}
