package dev.portcullis.cli;

import dev.portcullis.model.TerminalText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Plain aligned columns for human-readable listings; a cell is one line, shown escaped ({@link TerminalText}). */
final class Table {

    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    void row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = TerminalText.escape(String.valueOf(cells[i]));
        }
        rows.add(r);
    }

    void print(PrintWriter out) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r[i].codePointCount(0, r[i].length()));
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(r[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(width[i] - r[i].codePointCount(0, r[i].length()) + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
