package dev.portcullis.remote;

/**
 * A server sent more than this side reads from it: a command's output or a file larger than its
 * limit. Reading stopped at the limit, so a hostile or broken server cannot exhaust memory or disk.
 */
public final class OutputLimitException extends RemoteException {
    private static final long serialVersionUID = 1L;

    private final String what;
    private final long limitBytes;
    private final long sizeBytes;

    /**
     * @param what      what was read, e.g. {@code the output of a command} or a remote path
     * @param sizeBytes the size the server stated, or -1 when it just kept sending
     */
    public OutputLimitException(String server, String what, long limitBytes, long sizeBytes) {
        super(Reason.ERROR, sizeBytes < 0
                ? server + " sent more than " + size(limitBytes) + " as " + what + "; stopped reading"
                : what + " on " + server + " is " + size(sizeBytes) + ", more than the " + size(limitBytes) + " allowed");
        this.what = what;
        this.limitBytes = limitBytes;
        this.sizeBytes = sizeBytes;
    }

    public String what() {
        return what;
    }

    public long limitBytes() {
        return limitBytes;
    }

    /** The size the server stated, or -1 when it was found only by reading too much. */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** {@code 64 MiB}, {@code 2.0 GiB}, {@code 512 bytes}. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return value == Math.rint(value) ? String.format(java.util.Locale.ROOT, "%d %s", (long) value, units[unit])
                : String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
