package dev.portcullis.rules;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.ValidationException;
import dev.portcullis.model.Validator;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code /etc/portcullis/limits.conf} format, shared by the generator, the deploy (which compares
 * it with the server's copy) and the bash script (which reads and rewrites it). One entry per line,
 * every value from a small alphabet so that bash can read it without eval:
 *
 * <pre>
 * port=443 proto=tcp mode=connections max=3 v4mask=32 v6prefix=64 observe=0 enabled=1 idle=120 label=alice
 * </pre>
 *
 * The label is percent-encoded UTF-8: every byte outside {@code [A-Za-z0-9._-]} becomes {@code %HH}
 * (upper-case hex). {@link #render} writes entries in canonical order (port, then tcp, udp, both) with
 * a fixed header, so the same entries always give the same bytes, here and in the script.
 */
public final class LimitsConf {

    /** The header both writers put first; anything else starting with '#' is ignored on reading. */
    public static final String HEADER = """
            # Portcullis limits: one entry per line, written by Portcullis and by portcullis-limits.
            # port=1-65535 proto=tcp|udp|both mode=connections|connections-per-ip|devices max=1-10000
            # v4mask=0-32 v6prefix=0-128 observe=0|1 enabled=0|1 idle=1-86400 label=percent-encoded UTF-8
            # account=percent-encoded e-mail (devices only); settings: access-log=PATH allow=ADDRESS/PREFIX
            """;

    /** Canonical order: by port, then protocol (tcp, udp, both). */
    public static final Comparator<LimitEntry> ORDER =
            Comparator.comparingInt(LimitEntry::port).thenComparing(e -> e.protocol().ordinal());

    private static final List<String> KEYS =
            List.of("port", "proto", "mode", "max", "v4mask", "v6prefix", "observe", "enabled", "idle", "label");
    private static final Set<String> REQUIRED = Set.of("port", "proto", "mode", "max");

    private LimitsConf() {
    }

    /** The whole file for these entries: header, then one canonical line per entry. */
    public static String render(List<LimitEntry> entries) {
        StringBuilder out = new StringBuilder(HEADER);
        for (LimitEntry e : sorted(entries)) {
            out.append(line(e)).append('\n');
        }
        return out.toString();
    }

    /** Entries sorted canonically; refuses two entries acting on the same port and protocol. */
    public static List<LimitEntry> sorted(List<LimitEntry> entries) {
        List<LimitEntry> sorted = new ArrayList<>(entries);
        sorted.sort(ORDER);
        List<LimitEntry> seen = new ArrayList<>();
        for (LimitEntry e : sorted) {
            Validator.noClash(seen, e);
            seen.add(e);
        }
        return sorted;
    }

    /** One entry as its canonical line (no newline). */
    public static String line(LimitEntry e) {
        return "port=" + e.port()
                + " proto=" + e.protocol().id()
                + " mode=" + e.mode().id()
                + " max=" + e.max()
                + " v4mask=" + e.v4Mask()
                + " v6prefix=" + e.v6Prefix()
                + " observe=" + (e.observe() ? 1 : 0)
                + " enabled=" + (e.enabled() ? 1 : 0)
                + " idle=" + e.idleSeconds()
                + " label=" + encodeLabel(e.label());
    }

    /**
     * Reads a limits.conf back into entries (in file order). Blank lines and '#' comments are
     * ignored; keys may come in any order, each at most once; port, proto, mode and max are required,
     * the others default as in {@link LimitEntry#of}. Any malformed line refuses the whole file.
     *
     * @throws ValidationException naming the line and the value
     */
    public static List<LimitEntry> parse(String text) {
        List<LimitEntry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                LimitEntry entry = parseLine(line);
                Validator.noClash(entries, entry);
                entries.add(entry);
            } catch (ValidationException e) {
                throw new ValidationException("limits.conf line " + (i + 1), line, e.getMessage());
            }
        }
        return entries;
    }

    private static LimitEntry parseLine(String line) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String word : line.split("[ \t]+")) {
            int eq = word.indexOf('=');
            String key = eq < 0 ? word : word.substring(0, eq);
            if (eq < 0 || !KEYS.contains(key)) {
                throw new ValidationException("field", word, "key=value with a key of " + String.join(", ", KEYS));
            }
            if (values.put(key, word.substring(eq + 1)) != null) {
                throw new ValidationException(key, word, "at most once per line");
            }
        }
        for (String key : REQUIRED) {
            if (!values.containsKey(key)) {
                throw new ValidationException(key, "", "present on every line");
            }
        }
        return new LimitEntry(
                number(values, "port", 0),
                Protocol.fromId(values.get("proto")),
                LimitMode.fromId(values.get("mode")),
                number(values, "max", 0),
                number(values, "v4mask", LimitEntry.DEFAULT_V4_MASK),
                number(values, "v6prefix", LimitEntry.DEFAULT_V6_PREFIX),
                decodeLabel(values.getOrDefault("label", "")),
                flag(values, "observe", false),
                flag(values, "enabled", true),
                number(values, "idle", LimitEntry.DEFAULT_IDLE_SECONDS));
    }

    private static int number(Map<String, String> values, String key, int fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        // Plain decimal without sign or leading zeros, as the script accepts it.
        if (!v.matches("0|[1-9][0-9]{0,5}")) {
            throw new ValidationException(key, v, "a whole number");
        }
        return Integer.parseInt(v);
    }

    private static boolean flag(Map<String, String> values, String key, boolean fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v) {
            case "0" -> false;
            case "1" -> true;
            default -> throw new ValidationException(key, v, "0 or 1");
        };
    }

    /** Percent-encodes every UTF-8 byte outside {@code [A-Za-z0-9._-]}. */
    public static String encodeLabel(String label) {
        StringBuilder out = new StringBuilder();
        for (byte b : label.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** The inverse of {@link #encodeLabel}; refuses anything it would not have written. */
    public static String decodeLabel(String encoded) {
        if (!encoded.matches("([A-Za-z0-9._-]|%[0-9A-F]{2})*")) {
            throw new ValidationException("label", encoded, "percent-encoded UTF-8 (%HH for bytes outside A-Z a-z 0-9 . _ -)");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                bytes.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        try {
            String label = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
            if (!encodeLabel(label).equals(encoded)) {
                throw new ValidationException("label", encoded, "canonical percent-encoding");
            }
            return label;
        } catch (CharacterCodingException e) {
            throw new ValidationException("label", encoded, "percent-encoded UTF-8");
        }
    }
}
