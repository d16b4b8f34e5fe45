package dev.portcullis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.fleet.SyncReport;
import dev.portcullis.fleet.SyncResult;
import dev.portcullis.fleet.SyncStatus;
import dev.portcullis.remote.Change;
import dev.portcullis.remote.RemoteException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Whatever a command prints reaches the terminal with control, bidi and format characters escaped. */
class EscapedOutputTest {

    private static final String OSC52 = "\u001b]52;c;cm0gLXJmIH4=\u0007";

    @Test
    void syncAndPlanLinesShowServerTextEscapedOnOneLine() {
        SyncResult failed = new SyncResult("vps1", SyncStatus.FAILED, RemoteException.Reason.SCRIPT_REFUSED,
                "script refused: " + OSC52 + "\u202eko\nvps2 ok", 0.5, null);
        String line = SyncReport.line(failed);
        assertTrue(line.endsWith("script refused: \\x1b]52;c;cm0gLXJmIH4=\\x07\\u202eko\\x0avps2 ok"), line);
        String plan = SyncReport.planText(new SyncResult("vps1", SyncStatus.UNCHANGED, null, null, 0.1,
                java.util.List.of(new Change(Change.Kind.RULE_EXTRA, "443/tcp", "rule \u001b[2J\n  ok"))));
        assertEquals(2, plan.lines().count(), plan);
        assertTrue(plan.contains("\\x1b[2J\\x0a  ok"), plan);
    }

    @Test
    void tableCellsAreOneEscapedLine() {
        Table table = new Table("PORT", "LABEL");
        table.row(443, "evil\nvps2   ok\r\u001b[1A");
        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text));
        assertEquals("PORT  LABEL\n443   evil\\x0avps2   ok\\x0d\\x1b[1A\n", text.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void theOutputPathEscapesWhatACommandPrintsAndKeepsLineEnds() {
        StringWriter raw = new StringWriter();
        PrintWriter out = new PrintWriter(new EscapingWriter(raw), true);
        out.print("title" + OSC52 + "\r\n");
        out.print("half \ud83d");
        out.print("\ude00 done\n");
        out.print("bare\rreturn");
        out.flush();
        assertEquals("title\\x1b]52;c;cm0gLXJmIH4=\\x07\r\nhalf 😀 done\nbare\\x0dreturn", raw.toString());
    }
}
