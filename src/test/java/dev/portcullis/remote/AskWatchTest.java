package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The question a command asks half-way is found at the end of its output, however the output is cut into chunks. */
class AskWatchTest {

    private static SshSession.AskWatch feed(String ask, String... chunks) {
        SshSession.AskWatch watch = new SshSession.AskWatch(ask);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String c : chunks) {
            byte[] b = c.getBytes(StandardCharsets.UTF_8);
            all.write(b, 0, b.length);
            watch.saw(b, b.length, all);
        }
        return watch;
    }

    @Test
    void findsTheQuestionOnALineOfItsOwnAcrossChunks() {
        assertEquals("state\n@@ask\n", feed("@@ask", "state\n@@a", "sk\n").asked.join());
        assertEquals("@@ask\n", feed("@@ask", "@@ask\n").asked.join());
        assertEquals("x\n@@ask\n", feed("@@ask", "x", "\n", "@", "@", "a", "s", "k", "\n").asked.join());
    }

    @Test
    void ignoresTheQuestionInsideALineOrNotAtTheEnd() {
        assertFalse(feed("@@ask", "not @@ask\n").asked.isDone());
        assertFalse(feed("@@ask", "@@ask\nmore").asked.isDone());
        SshSession.AskWatch ended = feed("@@ask", "x@@ask\n");
        ended.ended();
        assertTrue(ended.asked.isCompletedExceptionally());
    }

    @Test
    void aBigOutputBeforeTheQuestionCostsOnlyItsTail() {
        SshSession.AskWatch watch = new SshSession.AskWatch("@@ask");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        java.util.Arrays.fill(chunk, (byte) 'x');
        chunk[8191] = '\n';
        for (int i = 0; i < 1024; i++) {
            all.write(chunk, 0, chunk.length);
            watch.saw(chunk, chunk.length, all);
        }
        byte[] ask = "@@ask\n".getBytes(StandardCharsets.UTF_8);
        all.write(ask, 0, ask.length);
        watch.saw(ask, ask.length, all);
        assertEquals(8192 * 1024 + 6, watch.asked.join().length());
    }
}
