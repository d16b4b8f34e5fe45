package dev.portcullis.conntrack;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.Network;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.Validator;
import dev.portcullis.rules.LimitsConf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the {@code @@portcullis accounts} section of a poll, one line at a time (the watcher's report):
 * <pre>
 * watch STATE LOG_ENC
 * member PORT PROTO ACCOUNT_ENC NETWORK IDLE_LEFT_SECONDS
 * refused PORT PROTO ACCOUNT_ENC NETWORK COUNT SECONDS_LEFT
 * observed PORT PROTO ACCOUNT_ENC NETWORK COUNT
 * </pre>
 * The server is not trusted: every field is checked (numbers in range, the account and log path
 * percent-encoded as in limits.conf, the network an address/prefix), a line that fails is counted
 * as malformed and skipped (a few kept as escaped samples), and only the given enabled account
 * entries get activity, so a server cannot make the report grow beyond them. Each account keeps at
 * most {@link #MAX_PER_ACCOUNT} members and refusals.
 */
public final class AccountSection {

    /** Members plus refusals kept per account: far above any sensible limit. */
    public static final int MAX_PER_ACCOUNT = 4096;

    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");
    private static final Pattern SECONDS = Pattern.compile("0|[1-9][0-9]{0,5}");
    private static final Pattern COUNT = Pattern.compile("0|[1-9][0-9]{0,17}");
    private static final int MAX_LINE = 4096;

    private record Key(int port, Protocol protocol, String account) {
    }

    private static final class Account {
        final List<AccountMember> members = new ArrayList<>();
        final List<AccountRefusal> refused = new ArrayList<>();
    }

    private final Map<Key, Account> accounts = new LinkedHashMap<>();
    private WatchStatus watch = WatchStatus.UNKNOWN;
    private boolean seen;
    private long lines;
    private long malformed;
    private long dropped;
    private final List<String> samples = new ArrayList<>();

    /** Expects reports on these entries (the enabled account entries among them). */
    public AccountSection(List<LimitEntry> entries) {
        for (LimitEntry e : entries) {
            if (e.isAccount() && e.enabled()) {
                accounts.put(new Key(e.port(), e.protocol(), e.account()), new Account());
            }
        }
    }

    /** The section's mark arrived (an older script has none: then nothing is reported). */
    public void begin() {
        seen = true;
    }

    /** One line of the section (without its newline). */
    public void line(String line) {
        if (line.isBlank()) {
            return;
        }
        lines++;
        if (line.length() > MAX_LINE || !read(line.strip().split(" ", -1))) {
            malformed++;
            if (samples.size() < ConntrackParser.MAX_SAMPLES) {
                byte[] b = line.substring(0, Math.min(line.length(), ConntrackParser.SAMPLE_CHARS * 2))
                        .getBytes(StandardCharsets.UTF_8);
                samples.add(ConntrackParser.sample(b, 0, b.length));
            }
        }
    }

    private boolean read(String[] w) {
        switch (w[0]) {
            case "watch":
                return w.length == 3 && watch(w[1], w[2]);
            case "member":
                if (w.length != 6 || !SECONDS.matcher(w[5]).matches()) {
                    return false;
                }
                return add(w, a -> a.members.add(new AccountMember(network(w[4]), Integer.parseInt(w[5]))));
            case "refused":
                if (w.length != 7 || !COUNT.matcher(w[5]).matches() || !SECONDS.matcher(w[6]).matches()) {
                    return false;
                }
                return add(w, a -> a.refused.add(new AccountRefusal(network(w[4]), Long.parseLong(w[5]),
                        Integer.parseInt(w[6]), false)));
            case "observed":
                if (w.length != 6 || !COUNT.matcher(w[5]).matches()) {
                    return false;
                }
                return add(w, a -> a.refused.add(new AccountRefusal(network(w[4]), Long.parseLong(w[5]), 0, true)));
            default:
                return false;
        }
    }

    private boolean watch(String state, String logEnc) {
        WatchStatus.State s = switch (state) {
            case "running" -> WatchStatus.State.RUNNING;
            case "stopped" -> WatchStatus.State.STOPPED;
            case "no-log" -> WatchStatus.State.NO_LOG;
            case "not-needed" -> WatchStatus.State.NOT_NEEDED;
            default -> null;
        };
        if (s == null) {
            return false;
        }
        String log = "";
        if (!logEnc.equals("-")) {
            try {
                log = LimitsConf.decodeLabel(logEnc);
                if (log.isEmpty()) {
                    return false;
                }
                Validator.accessLog(log);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        watch = new WatchStatus(s, log);
        return true;
    }

    /** Checks port, protocol, account and network of a member/refused/observed line, then files it. */
    private boolean add(String[] w, java.util.function.Consumer<Account> file) {
        if (!PORT.matcher(w[1]).matches() || Integer.parseInt(w[1]) > 65_535 || network(w[4]) == null) {
            return false;
        }
        Protocol protocol;
        String account;
        try {
            protocol = Protocol.fromId(w[2]);
            account = LimitsConf.decodeLabel(w[3]);
            Validator.account(account);
        } catch (IllegalArgumentException e) {
            return false;
        }
        Account a = accounts.get(new Key(Integer.parseInt(w[1]), protocol, account));
        if (a == null) {
            // Well formed, but not an enabled account entry of this server as the store knows it.
            dropped++;
            return true;
        }
        if (a.members.size() + a.refused.size() >= MAX_PER_ACCOUNT) {
            dropped++;
            return true;
        }
        file.accept(a);
        return true;
    }

    /** The canonical address/prefix, or null when the text is not one (a prefix is required). */
    private static String network(String text) {
        if (text.indexOf('/') < 0) {
            return null;
        }
        try {
            return Network.parse(text).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** One activity per expected account entry when the section arrived, else none. */
    public List<AccountActivity> accounts() {
        if (!seen) {
            return List.of();
        }
        List<AccountActivity> out = new ArrayList<>();
        accounts.forEach((k, a) -> out.add(new AccountActivity(k.port(), k.protocol(), k.account(), a.members, a.refused)));
        return out;
    }

    public WatchStatus watch() {
        return watch;
    }

    /** Non-blank lines read. */
    public long lines() {
        return lines;
    }

    /** Lines that could not be read, skipped. */
    public long malformed() {
        return malformed;
    }

    /** Well-formed lines about no expected entry, or past {@link #MAX_PER_ACCOUNT}, left out. */
    public long dropped() {
        return dropped;
    }

    /** A few malformed lines, shortened and escaped. */
    public List<String> malformedSamples() {
        return List.copyOf(samples);
    }
}
