package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shell resource files and the Java that parses what they print name the same markers and paths. */
class ShellResourcesTest {

    @Test
    void thePollFallbackPrintsTheSectionsTheParserReads() {
        String script = ConnectionPoll.script(List.of(LimitEntry.of(443, LimitMode.CONNECTIONS, 3),
                LimitEntry.of(8443, LimitMode.DEVICES, 2)), 4096);
        assertTrue(script.startsWith("set -- '4096' '443 8443' 'dev_8443_tcp'\n"), script);
        for (String section : List.of("conntrack", "conntrack-exit", "addresses", "rules", "nft-counters", "nft-set", "end")) {
            assertTrue(script.contains(ConnectionPoll.MARK + section), section);
        }
        assertTrue(script.contains("conntrack_filter() {"), "the filter function comes with it");
    }

    @Test
    void theStateReadAndTheDeployWrapperUseTheInstalledPathsAndTheAsk() {
        assertTrue(ServerState.READ_SCRIPT.contains("[ -f " + ServerState.CONF_PATH + " ]"));
        assertTrue(ServerState.READ_SCRIPT.contains("[ -x " + ServerState.INSTALLED_SCRIPT + " ]"));
        String ask = Deployer.readThenApplyScript(Duration.ofSeconds(9));
        assertTrue(ask.startsWith("set -- '9' '" + Deployer.LOCK_DIR + "' '" + Deployer.LOCK_FILE + "' '"
                + Deployer.EXIT_BUSY + "'\n"), ask);
        assertTrue(ask.contains("printf '%s\\n' '" + Deployer.ASK + "'"), ask);
        assertEquals(2, ask.split("@@conf", -1).length - 1, "the state before and after the apply");
    }
}
