package dev.portcullis.model;

/**
 * One limit: one port (and protocol) on one server, or one account on a shared port (an account entry:
 * at most {@code max} distinct client networks for that account, enforced by the server's watcher of
 * the proxy's access log; always mode devices).
 *
 * @param v4Mask      IPv4 mask that groups client addresses (connections-per-ip, devices)
 * @param v6Prefix    IPv6 prefix that groups client addresses (connections-per-ip, devices)
 * @param label       free text, usually the account name; data, never code
 * @param observe     count what would be refused, refuse nothing
 * @param idleSeconds devices mode: how long a silent address keeps its slot
 * @param account     the account (the proxy's client e-mail) on a shared port, or "" for a port entry
 */
public record LimitEntry(int port, Protocol protocol, LimitMode mode, int max, int v4Mask, int v6Prefix,
                         String label, boolean observe, boolean enabled, int idleSeconds, String account) {

    /** The mode of a new entry when none is given: the CLI, the window and the script's {@code add} agree. */
    public static final LimitMode DEFAULT_MODE = LimitMode.DEVICES;
    public static final Protocol DEFAULT_PROTOCOL = Protocol.TCP;
    public static final int DEFAULT_V4_MASK = 32;
    public static final int DEFAULT_V6_PREFIX = 64;
    public static final int DEFAULT_IDLE_SECONDS = 120;

    public LimitEntry {
        Validator.limitPort(port);
        if (protocol == null) {
            throw new ValidationException(ValidationException.Field.PROTOCOL, "", "one of " + Protocol.allowed());
        }
        if (mode == null) {
            throw new ValidationException(ValidationException.Field.MODE, "", "one of " + LimitMode.allowed());
        }
        Validator.max(max);
        Validator.v4Mask(v4Mask);
        Validator.v6Prefix(v6Prefix);
        label = label == null ? "" : label;
        Validator.label(label);
        Validator.idleSeconds(idleSeconds);
        account = account == null ? "" : account;
        if (!account.isEmpty()) {
            Validator.account(account);
            if (mode != LimitMode.DEVICES) {
                throw new ValidationException(ValidationException.Field.MODE, mode.id(),
                        "devices for an account entry (it caps the account's devices)");
            }
        }
    }

    /** A port entry: the whole port (and protocol). */
    public LimitEntry(int port, Protocol protocol, LimitMode mode, int max, int v4Mask, int v6Prefix,
                      String label, boolean observe, boolean enabled, int idleSeconds) {
        this(port, protocol, mode, max, v4Mask, v6Prefix, label, observe, enabled, idleSeconds, "");
    }

    /** An enforcing, enabled TCP account entry with default masks and idle time. */
    public static LimitEntry ofAccount(int port, String account, int max) {
        return new LimitEntry(port, Protocol.TCP, LimitMode.DEVICES, max, DEFAULT_V4_MASK, DEFAULT_V6_PREFIX, "",
                false, true, DEFAULT_IDLE_SECONDS, account);
    }

    /** True for an account on a shared port, false for a whole port. */
    public boolean isAccount() {
        return !account.isEmpty();
    }

    /** An enforcing, enabled TCP entry with default masks: the common case. */
    public static LimitEntry of(int port, LimitMode mode, int max) {
        return new LimitEntry(port, Protocol.TCP, mode, max, DEFAULT_V4_MASK, DEFAULT_V6_PREFIX, "",
                false, true, DEFAULT_IDLE_SECONDS);
    }

    public LimitEntry withProtocol(Protocol p) {
        return new LimitEntry(port, p, mode, max, v4Mask, v6Prefix, label, observe, enabled, idleSeconds, account);
    }

    public LimitEntry withMax(int m) {
        return new LimitEntry(port, protocol, mode, m, v4Mask, v6Prefix, label, observe, enabled, idleSeconds, account);
    }

    public LimitEntry withLabel(String l) {
        return new LimitEntry(port, protocol, mode, max, v4Mask, v6Prefix, l, observe, enabled, idleSeconds, account);
    }

    public LimitEntry withObserve(boolean o) {
        return new LimitEntry(port, protocol, mode, max, v4Mask, v6Prefix, label, o, enabled, idleSeconds, account);
    }

    public LimitEntry withEnabled(boolean e) {
        return new LimitEntry(port, protocol, mode, max, v4Mask, v6Prefix, label, observe, e, idleSeconds, account);
    }

    public LimitEntry withIdle(int seconds) {
        return new LimitEntry(port, protocol, mode, max, v4Mask, v6Prefix, label, observe, enabled, seconds, account);
    }

    public LimitEntry withMasks(int v4, int v6) {
        return new LimitEntry(port, protocol, mode, max, v4, v6, label, observe, enabled, idleSeconds, account);
    }

    public LimitEntry withAccount(String a) {
        return new LimitEntry(port, protocol, mode, max, v4Mask, v6Prefix, label, observe, enabled, idleSeconds, a);
    }

    /**
     * True when both entries would act on some of the same packets: two port entries on the same port
     * and protocol, or two entries of the same account there. A port entry and an account entry never
     * clash (one caps the port, the other one account on it).
     */
    public boolean clashesWith(LimitEntry other) {
        return port == other.port && protocol.overlaps(other.protocol) && account.equals(other.account);
    }
}
