package dev.portcullis.remote;

import dev.portcullis.rules.ShellScripts;
import java.util.ArrayList;
import java.util.List;

/**
 * What a server has installed, read in one command: its limits.conf (null when missing), the
 * PORTCULLIS lines of the iptables backend the script uses (IPv4, IPv6), the nft table, the
 * PORTCULLIS lines left in the other iptables backend ({@code staleRules}, which an apply removes),
 * and what its Telegram settings file holds ({@code telegram}, as a sha256).
 */
public record ServerState(String limitsConf, List<String> ipv4Rules, List<String> ipv6Rules, String nftTable,
        List<String> staleRules, TelegramOnServer telegram) {

    public ServerState {
        telegram = telegram == null ? TelegramOnServer.UNKNOWN : telegram;
    }

    /** A state read without the Telegram line (its file counts as unknown). */
    public ServerState(String limitsConf, List<String> ipv4Rules, List<String> ipv6Rules, String nftTable,
                       List<String> staleRules) {
        this(limitsConf, ipv4Rules, ipv6Rules, nftTable, staleRules, TelegramOnServer.UNKNOWN);
    }

    public static final String CONF_PATH = "/etc/portcullis/limits.conf";
    /** The installed script; its {@code state} command reads the rules with the script's own choice of backend. */
    public static final String INSTALLED_SCRIPT = "/usr/local/sbin/portcullis-limits";

    public ServerState(String limitsConf, List<String> ipv4Rules, List<String> ipv6Rules, String nftTable) {
        this(limitsConf, ipv4Rules, ipv6Rules, nftTable, List.of());
    }

    /**
     * Prints the state between markers; runs as root. Where the script is installed its own
     * {@code state} prints it, so both look at the same iptables backend; before the first apply
     * (or from a script too old to have {@code state}, which is not run at all: its lock could make
     * the read wait) the default iptables-save is read.
     */
    static final String READ_SCRIPT = ShellScripts.load(ServerState.class, "read-state.sh");

    /** Parses what {@link #READ_SCRIPT} printed. */
    static ServerState parse(String output) {
        String section = null;
        StringBuilder conf = new StringBuilder();
        boolean missing = false;
        boolean ended = false;
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        StringBuilder nft = new StringBuilder();
        TelegramOnServer telegram = TelegramOnServer.UNKNOWN;
        boolean telegramRead = false;
        for (String line : output.split("\n", -1)) {
            switch (line) {
                case "@@telegram", "@@conf", "@@backend", "@@v4", "@@v6", "@@nft", "@@stale" -> {
                    section = line;
                    continue;
                }
                case "@@end" -> {
                    ended = true;
                    section = null;
                    continue;
                }
                default -> { }
            }
            if (section == null) {
                continue;
            }
            switch (section) {
                case "@@conf" -> {
                    if (line.equals("@@missing")) {
                        missing = true;
                    } else {
                        conf.append(line).append('\n');
                    }
                }
                case "@@v4" -> addRule(v4, line);
                case "@@v6" -> addRule(v6, line);
                case "@@stale" -> addRule(stale, line);
                case "@@nft" -> nft.append(line).append('\n');
                case "@@telegram" -> {
                    // One line; a second one (only a hostile server sends it) makes it unknown.
                    telegram = telegramRead ? TelegramOnServer.UNKNOWN : TelegramOnServer.parse(line);
                    telegramRead = true;
                }
                default -> { }
            }
        }
        if (!ended) {
            throw new IllegalArgumentException("incomplete state output from the server");
        }
        // The script adds one newline after the file so a missing final newline cannot glue a marker to it.
        String confText = missing ? null : conf.toString().replaceAll("\n+$", "\n");
        if (confText != null && confText.equals("\n")) {
            confText = "";
        }
        return new ServerState(confText, List.copyOf(v4), List.copyOf(v6), nft.toString().strip(), List.copyOf(stale),
                telegram);
    }

    private static void addRule(List<String> rules, String line) {
        if (!line.isBlank()) {
            rules.add(line.strip());
        }
    }

    public boolean installed() {
        return limitsConf != null;
    }
}
