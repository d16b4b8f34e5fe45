package dev.portcullis.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * The address table as CSV (RFC 4180: comma, CRLF, fields with a comma, quote or line break quoted,
 * quotes doubled). Cells come partly from servers and lookups, so a cell that a spreadsheet would
 * run as a formula (starting with {@code = + - @}, or a tab or carriage return) gets a leading
 * {@code '} and is shown as text.
 */
public final class HistoryCsv {

    public static final List<String> HEADER = List.of("address", "first_seen", "last_seen", "days_seen", "connections",
            "refused", "country", "asn", "as_name");

    private HistoryCsv() {
    }

    public static void write(List<AddressSummary> rows, Writer out) {
        try {
            line(out, HEADER);
            for (AddressSummary r : rows) {
                line(out, List.of(r.address(), r.firstSeen().toString(), r.lastSeen().toString(),
                        Integer.toString(r.daysSeen()), Long.toString(r.connections()), Long.toString(r.refused()),
                        r.origin().countryCode(), r.origin().asnKnown() ? Long.toString(r.origin().asn()) : "",
                        r.origin().asName()));
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CSV file: " + e.getMessage(), e);
        }
    }

    private static void line(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells.get(i)));
        }
        out.write("\r\n");
    }

    /** One field: formula-safe, then quoted when needed. */
    static String cell(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
