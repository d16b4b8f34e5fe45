package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExecResultTest {

    @Test
    void theLastLineIsBoundedWhateverTheServerPrints() {
        assertEquals("refused: port 22 is sshd's", new ExecResult(3, "out\n", "warn\nrefused: port 22 is sshd's\n\n").lastLine());
        assertEquals("only stdout", new ExecResult(1, "first\nonly stdout\n", " \n").lastLine());
        String flood = "x".repeat(5 << 20);
        String last = new ExecResult(1, "", "start\n" + flood).lastLine();
        assertEquals(ExecResult.MAX_LINE_CHARS + 3, last.length());
        assertEquals("x".repeat(ExecResult.MAX_LINE_CHARS) + "...", last);
    }
}
