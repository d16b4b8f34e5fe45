package dev.portcullis.cli;

import dev.portcullis.model.TerminalText;
import java.io.IOException;
import java.io.Writer;

/**
 * The one way the command line writes to the terminal: whatever a command prints passes through
 * {@link TerminalText}, so a control, bidi or format character in server or panel text shows up
 * escaped whichever command printed it. Line breaks ({@code \n}, and {@code \r\n} as one) and tabs
 * are kept; a lone {@code \r} is escaped. Text is held until a line ends or the writer is flushed,
 * so a character split over two writes is still seen whole.
 */
final class EscapingWriter extends Writer {

    private final Writer out;
    private final StringBuilder line = new StringBuilder();

    EscapingWriter(Writer out) {
        super(out);
        this.out = out;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        synchronized (lock) {
            for (int i = offset; i < offset + length; i++) {
                char c = chars[i];
                line.append(c);
                if (c == '\n') {
                    emitLine();
                }
            }
        }
    }

    private void emitLine() throws IOException {
        int end = line.length() - 1; // the '\n'
        boolean crlf = end > 0 && line.charAt(end - 1) == '\r';
        out.write(TerminalText.escape(line.substring(0, crlf ? end - 1 : end), true));
        out.write(crlf ? "\r\n" : "\n");
        line.setLength(0);
    }

    @Override
    public void flush() throws IOException {
        synchronized (lock) {
            if (line.length() > 0) {
                out.write(TerminalText.escape(line.toString(), true));
                line.setLength(0);
            }
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
