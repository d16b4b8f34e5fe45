package dev.portcullis.history;

import dev.portcullis.model.ValidationException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The start of a period as the operator writes it: {@code 7d} (days), {@code 24h} (hours) or a UTC date {@code 2026-11-01}. */
public final class Since {

    public static final int MAX_DAYS = 3650;
    private static final Pattern RELATIVE = Pattern.compile("([0-9]{1,6})([dh])");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final String ALLOWED = "a number of days or hours back (7d, 24h; at most " + MAX_DAYS
            + " days) or a UTC date (2026-11-01)";

    private Since() {
    }

    /**
     * @param option how the input is named in the error ({@code --since})
     * @throws ValidationException naming the text when it is none of the three forms, zero or too far back
     */
    public static Instant parse(String option, String text, Instant now) {
        Matcher m = RELATIVE.matcher(text == null ? "" : text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            long hours = m.group(2).equals("d") ? n * 24 : n;
            if (n < 1 || hours > MAX_DAYS * 24L) {
                throw new ValidationException(option, text, ALLOWED);
            }
            return now.minusSeconds(hours * 3600);
        }
        if (text != null && DATE.matcher(text).matches()) {
            try {
                Instant start = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                if (!start.isAfter(now) && !start.isBefore(now.minusSeconds(MAX_DAYS * 86_400L))) {
                    return start;
                }
            } catch (DateTimeParseException e) {
                // not a real date (2026-02-30): refused below
            }
        }
        throw new ValidationException(option, text, ALLOWED);
    }
}
