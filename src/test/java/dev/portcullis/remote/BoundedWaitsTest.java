package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.rules.ScriptGenerator;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Nothing sent to a server waits without end: every iptables {@code -w} carries a number of
 * seconds (a bare {@code -w} waits for the xtables lock forever), and every lock lives in the
 * root-only /run/portcullis.
 */
class BoundedWaitsTest {

    /** {@code -w} followed by something other than a number of seconds or the script's XT_WAIT. */
    private static final Pattern BARE_WAIT = Pattern.compile("\\s-w(?=\\s+(?![0-9]|\"\\$XT_WAIT\"|\"\\$wait\"))");

    private static List<String> bare(String text) {
        Matcher m = BARE_WAIT.matcher(text);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            int end = text.indexOf('\n', m.start());
            found.add(text.substring(m.start(), end < 0 ? text.length() : end).strip());
        }
        return found;
    }

    @Test
    void everyWaitHasABound() {
        List<LimitEntry> entries = List.of(LimitEntry.of(8443, LimitMode.CONNECTIONS, 3), LimitEntry.of(7000, LimitMode.DEVICES, 2));
        assertEquals(List.of(), bare(new ScriptGenerator().generate("vps", entries)), "the generated script");
        assertEquals(List.of(), bare(ConnectionPoll.script(entries, 1 << 20)), "the live poll");
        assertEquals(List.of(), bare(Deployer.applyScript("/tmp/x.sh", Duration.ofSeconds(7))), "the deploy wrapper");
    }

    @Test
    void locksLiveInTheRootOnlyDirectory() {
        String wrapper = Deployer.applyScript("/tmp/x.sh", Duration.ofSeconds(7));
        assertTrue(wrapper.startsWith("set -- '/tmp/x.sh' '7' ") && wrapper.contains("flock -w \"$wait\" 9"), wrapper);
        assertTrue(Deployer.LOCK_FILE.startsWith("/run/portcullis/"), Deployer.LOCK_FILE);
        assertTrue(!wrapper.contains("/run/lock") && !new ScriptGenerator().generate("vps", List.of()).contains("/run/lock/"),
                "no lock in world-writable /run/lock");
    }
}
