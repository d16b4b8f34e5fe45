package dev.portcullis.model;

import dev.portcullis.model.ValidationException.Field;
import dev.portcullis.model.ValidationException.Problem;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Every rule about what a value may be, in one place: the records call it from their constructors,
 * the command line and the window call it field by field. Each refusal is a
 * {@link ValidationException} that names the field, the value and what is allowed.
 */
public final class Validator {

    public static final int MAX_LIMIT = 10_000;
    public static final int MAX_LABEL_LENGTH = 64;
    public static final int MAX_IDLE_SECONDS = 86_400;
    public static final int MAX_ACCOUNT_LENGTH = 128;
    public static final int MAX_ACCESS_LOG_LENGTH = 1024;
    public static final int MAX_ALLOWED_NETWORKS = 1024;

    private static final Pattern SERVER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}");

    private Validator() {
    }

    public static void serverName(String name) {
        if (name == null || !SERVER_NAME.matcher(name).matches()) {
            throw new ValidationException(Field.SERVER_NAME, name,
                    "1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    public static void host(String host) {
        if (host == null || !(IPV4.matcher(host).matches() || isIpv6Literal(host)
                || (HOSTNAME.matcher(host).matches() && !looksLikeBadIpv4(host)))) {
            throw new ValidationException(Field.HOST, host, "a host name, an IPv4 address or an IPv6 address");
        }
    }

    public static void sshPort(int port) {
        inRange(Field.SSH_PORT, port, 1, 65_535);
    }

    public static void limitPort(int port) {
        inRange(Field.PORT, port, 1, 65_535);
    }

    public static void user(String user) {
        if (user == null || !USER.matcher(user).matches()) {
            throw new ValidationException(Field.USER, user,
                    "1-32 letters, digits, '_', '.' or '-', starting with a letter or '_'");
        }
    }

    public static void keyPath(String keyPath) {
        if (keyPath == null || keyPath.isBlank() || keyPath.chars().anyMatch(Character::isISOControl)) {
            throw new ValidationException(Field.KEY, keyPath, "the path of a private key file");
        }
    }

    public static void max(int max) {
        inRange(Field.MAX, max, 1, MAX_LIMIT);
    }

    public static void v4Mask(int mask) {
        inRange(Field.V4_MASK, mask, 0, 32);
    }

    public static void v6Prefix(int prefix) {
        inRange(Field.V6_PREFIX, prefix, 0, 128);
    }

    public static void idleSeconds(int seconds) {
        inRange(Field.IDLE, seconds, 1, MAX_IDLE_SECONDS, " seconds");
    }

    /**
     * Printable text of bounded length; any script or language, no control characters, and no lone
     * UTF-16 surrogate (half a character: it cannot be written as UTF-8, so the label on the server
     * would never match the stored one).
     */
    public static void label(String label) {
        if (label == null) {
            return;
        }
        int lone = loneSurrogate(label);
        if (lone >= 0) {
            throw new ValidationException(Field.LABEL, label, "text without lone UTF-16 surrogates (half a character"
                    + " at character " + (label.codePointCount(0, lone) + 1) + ", U+" + String.format("%04X", (int) label.charAt(lone))
                    + ")");
        }
        if (!printable(label) || label.codePointCount(0, label.length()) > MAX_LABEL_LENGTH) {
            throw new ValidationException(Field.LABEL, label,
                    "printable text of at most " + MAX_LABEL_LENGTH + " characters");
        }
    }

    /**
     * An account on a shared port: the proxy's client e-mail exactly as its access log writes it,
     * 1-128 printable characters (spaces allowed; no control characters, no lone surrogates).
     */
    public static void account(String account) {
        if (account == null || account.isEmpty() || loneSurrogate(account) >= 0 || !printable(account)
                || account.codePointCount(0, account.length()) > MAX_ACCOUNT_LENGTH) {
            throw new ValidationException(Field.ACCOUNT, account,
                    "the client's e-mail as the proxy logs it: 1-" + MAX_ACCOUNT_LENGTH + " printable characters");
        }
    }

    /** Where the proxy writes its access log on the server: an absolute path, or "" (found from its config). */
    public static void accessLog(String path) {
        if (path == null || path.isEmpty()) {
            return;
        }
        if (!path.startsWith("/") || loneSurrogate(path) >= 0 || path.codePoints().anyMatch(Character::isISOControl)
                || path.codePointCount(0, path.length()) > MAX_ACCESS_LOG_LENGTH) {
            throw new ValidationException(Field.ACCESS_LOG, path,
                    "an absolute path on the server of at most " + MAX_ACCESS_LOG_LENGTH + " characters");
        }
    }

    private static boolean printable(String text) {
        return text.codePoints().allMatch(cp -> !Character.isISOControl(cp)
                && Character.getType(cp) != Character.FORMAT || cp == 0x200C || cp == 0x200D);
    }

    /** The text without lone UTF-16 surrogates (for labels stored before they were refused). */
    public static String withoutLoneSurrogates(String text) {
        if (text == null || loneSurrogate(text) < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(cp -> Character.getType(cp) != Character.SURROGATE).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** The index of the first char that is half a surrogate pair without its other half, or -1. */
    private static int loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A server that logs in by password needs one; a key passphrase only makes sense with a key file.
     * (A password next to a key file is allowed: sudo may need it.)
     */
    public static void credentials(AuthKind auth, boolean hasPassword, boolean hasKeyPassphrase) {
        if (auth == AuthKind.PASSWORD && !hasPassword) {
            throw new ValidationException(Field.PASSWORD, "", "a password when the server logs in by password (or a key file)");
        }
        if (auth != AuthKind.KEY_FILE && hasKeyPassphrase) {
            throw new ValidationException(Field.KEY_PASSPHRASE, "(given)", "only together with a key file");
        }
    }

    /**
     * Refuses a TCP limit (tcp or both) on the port the server's own SSH listens on, {@code server.port()}:
     * it could lock the operator out of the server.
     */
    public static void notSshPort(Server server, LimitEntry entry) {
        if (entry.port() == server.port() && entry.protocol() != Protocol.UDP) {
            throw new ValidationException(Field.PORT, Problem.LOCKOUT, entry.port() + "/" + entry.protocol().id(), "not the SSH port of "
                    + server.name() + " (" + server.address() + "): a TCP limit there could lock you out of the server;"
                    + " use another port, or --proto udp");
        }
    }

    /** Refuses a candidate that would act on the same port and protocol as another entry of the server. */
    public static void noClash(Collection<LimitEntry> others, LimitEntry candidate) {
        for (LimitEntry other : others) {
            if (other.clashesWith(candidate)) {
                throw new ValidationException(Field.PORT, Problem.CLASH, candidate.port() + "/" + candidate.protocol().id(),
                        "not already limited on this server (an entry for " + other.port() + "/"
                                + other.protocol().id() + " exists)");
            }
        }
    }

    private static boolean isIpv6Literal(String host) {
        if (!host.contains(":") || !IPV6_CHARS.matcher(host).matches()) {
            return false;
        }
        try {
            // Literal only: with a ':' present, InetAddress never resolves a name.
            return java.net.InetAddress.getByName(host) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** "300.1.1.1" matches the host name grammar but is clearly a mistyped address. */
    private static boolean looksLikeBadIpv4(String host) {
        return host.matches("[0-9.]+");
    }

    private static void inRange(Field field, int value, int min, int max) {
        inRange(field, value, min, max, "");
    }

    private static void inRange(Field field, int value, int min, int max, String unit) {
        if (value < min || value > max) {
            throw ValidationException.outOfRange(field, value, min, max, unit);
        }
    }
}
