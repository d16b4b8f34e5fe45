package dev.portcullis.remote;

import dev.portcullis.conntrack.IpAddress;
import dev.portcullis.history.AddressDay;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.ValidationException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The server's {@code portcullis-limits history [--since EPOCH]} output, read into {@link AddressDay}s:
 * {@code @@portcullis history}, lines {@code DAY PORT PROTO ACCOUNT_ENC|- ADDRESS FIRST LAST CONNECTIONS
 * REFUSED}, then {@code @@portcullis history-end}. Every field is checked; one bad line refuses the
 * whole output ({@link HistoryFormatException} names it), so nothing half-read is stored.
 */
public final class HistoryOutput {

    static final String START = "@@portcullis history";
    static final String END = "@@portcullis history-end";
    /** More than the server's default cap (8 MiB) can hold. */
    public static final int MAX_LINES = 1_000_000;
    /** Account: decoded, 1-128 characters (the limits.conf contract). */
    private static final int MAX_ACCOUNT = 128;
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern NUMBER = Pattern.compile("0|[1-9]\\d{0,17}");
    private static final Pattern PORT = Pattern.compile("[1-9]\\d{0,4}");
    private static final Pattern ENCODED = Pattern.compile("([A-Za-z0-9._-]|%[0-9A-F]{2}){1,1536}");
    private static final long DAY_SECONDS = 86_400;

    private HistoryOutput() {
    }

    public static List<AddressDay> parse(String stdout) throws HistoryFormatException {
        String[] lines = stdout.split("\n", -1);
        int start = -1;
        int end = -1;
        for (int i = 0; i < lines.length; i++) {
            if (start < 0 && lines[i].equals(START)) {
                start = i;
            } else if (start >= 0 && lines[i].equals(END)) {
                end = i;
                break;
            }
        }
        if (start < 0 || end < 0) {
            throw new HistoryFormatException(0, HistoryFormatException.Problem.INCOMPLETE, null,
                    lines.length == 0 ? "" : lines[lines.length - 1]);
        }
        if (end - start - 1 > MAX_LINES) {
            throw new HistoryFormatException(0, HistoryFormatException.Problem.TOO_MANY_LINES, null, "");
        }
        List<AddressDay> days = new ArrayList<>(end - start - 1);
        for (int i = start + 1; i < end; i++) {
            days.add(line(i + 1, lines[i]));
        }
        return days;
    }

    private static AddressDay line(int number, String text) throws HistoryFormatException {
        String[] f = text.split(" ", -1);
        if (f.length != 9) {
            throw new HistoryFormatException(number, HistoryFormatException.Problem.FIELDS, null, text);
        }
        LocalDate day = day(number, text, f[0]);
        int port = (int) number(number, text, "port", f[1], PORT, 65_535);
        Protocol protocol;
        try {
            protocol = Protocol.fromId(f[2]);
        } catch (ValidationException e) {
            throw bad(number, text, "protocol");
        }
        String account = f[3].equals("-") ? "" : account(number, text, f[3]);
        IpAddress address = IpAddress.parse(f[4]);
        if (address == null || f[4].contains("/")) {
            throw bad(number, text, "address");
        }
        long first = number(number, text, "first seen", f[5], NUMBER, Long.MAX_VALUE);
        long last = number(number, text, "last seen", f[6], NUMBER, Long.MAX_VALUE);
        long dayStart = day.toEpochDay() * DAY_SECONDS;
        if (first < dayStart || first >= dayStart + DAY_SECONDS) {
            throw bad(number, text, "first seen");
        }
        if (last < first || last >= dayStart + DAY_SECONDS) {
            throw bad(number, text, "last seen");
        }
        long connections = number(number, text, "connections", f[7], NUMBER, Long.MAX_VALUE);
        long refused = number(number, text, "refused", f[8], NUMBER, Long.MAX_VALUE);
        return new AddressDay(day, port, protocol, account, f[4], Instant.ofEpochSecond(first),
                Instant.ofEpochSecond(last), connections, refused);
    }

    private static LocalDate day(int number, String text, String value) throws HistoryFormatException {
        if (!DAY.matcher(value).matches()) {
            throw bad(number, text, "day");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw bad(number, text, "day");
        }
    }

    private static long number(int number, String text, String field, String value, Pattern form, long max)
            throws HistoryFormatException {
        if (!form.matcher(value).matches()) {
            throw bad(number, text, field);
        }
        long v = Long.parseLong(value);
        if (v > max) {
            throw bad(number, text, field);
        }
        return v;
    }

    /** The percent-decoded account: UTF-8, 1-128 characters, no control characters. */
    private static String account(int number, String text, String value) throws HistoryFormatException {
        if (!ENCODED.matcher(value).matches()) {
            throw bad(number, text, "account");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                bytes.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw bad(number, text, "account");
        }
        int chars = decoded.codePointCount(0, decoded.length());
        if (chars < 1 || chars > MAX_ACCOUNT || decoded.codePoints().anyMatch(Character::isISOControl)) {
            throw bad(number, text, "account");
        }
        return decoded;
    }

    private static HistoryFormatException bad(int number, String text, String field) {
        return new HistoryFormatException(number, HistoryFormatException.Problem.FIELD, field, text);
    }
}
