package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The state the script's {@code state} command prints, and what the planner makes of rules left in the other backend. */
class ServerStateTest {

    private static final String RULE = "-A PORTCULLIS -p tcp -m conntrack --ctstate NEW --ctorigdstport 8443"
            + " -m connlimit --connlimit-above 3 --connlimit-mask 0 --connlimit-saddr"
            + " -m comment --comment \"portcullis 8443/tcp\" -j REJECT --reject-with tcp-reset";
    private static final String JUMP = "-A INPUT -m conntrack --ctstate NEW -j PORTCULLIS";

    private final EntryMapScripts scripts = new EntryMapScripts();

    ServerStateTest() {
        scripts.set("s", List.of(LimitEntry.of(8443, LimitMode.CONNECTIONS, 3)));
    }

    private String output(String stale) {
        return "@@conf\n" + scripts.conf("s") + "\n@@backend\nlegacy\n@@v4\n" + JUMP + "\n" + RULE + "\n@@v6\n" + JUMP + "\n"
                + RULE + "\n@@nft\n@@stale\n" + stale + "@@end\n";
    }

    @Test
    void backendAndStaleSectionsAreReadApart() {
        ServerState state = ServerState.parse(output("iptables-nft: " + JUMP + "\n"));
        assertEquals(List.of(JUMP, RULE), state.ipv4Rules());
        assertEquals(List.of("iptables-nft: " + JUMP), state.staleRules());
        assertEquals("", state.nftTable(), "neither the backend nor stale lines are taken for the nft table");
    }

    @Test
    void rulesLeftInTheOtherBackendAreADifference() {
        Deployment expected = scripts.deploymentFor(new dev.portcullis.model.Server(0, "s", "h", 22, "root",
                dev.portcullis.model.AuthKind.PASSWORD, null, false));
        assertEquals(List.of(), Planner.compare(expected, ServerState.parse(output("")), scripts));
        List<Change> changes = Planner.compare(expected, ServerState.parse(output("ip6tables-nft: " + RULE + "\n")), scripts);
        assertEquals(1, changes.size(), changes.toString());
        assertEquals(Change.Kind.RULE_EXTRA, changes.get(0).kind());
        assertTrue(changes.get(0).detail().contains("other iptables backend"), changes.toString());
    }
}
