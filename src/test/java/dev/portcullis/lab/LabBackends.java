package dev.portcullis.lab;

import java.util.List;

/**
 * Rules put into one iptables backend of a lab server (Debian has both iptables-legacy and
 * iptables-nft), as other software or an earlier run would have left them.
 */
public final class LabBackends {

    private LabBackends() {
    }

    /** A PORTCULLIS chain limiting {@code port} to {@code max} connections, and its jump, in both families. */
    public static void staleChain(LabVps vps, String backend, int port, int max) {
        for (String ipt : List.of("iptables-" + backend, "ip6tables-" + backend)) {
            vps.exec(ipt, "-N", "PORTCULLIS").orThrow();
            vps.exec(ipt, "-A", "PORTCULLIS", "-p", "tcp", "-m", "conntrack", "--ctstate", "NEW", "--ctorigdstport",
                    Integer.toString(port), "-m", "connlimit", "--connlimit-above", Integer.toString(max),
                    "--connlimit-mask", "0", "-j", "REJECT", "--reject-with", "tcp-reset").orThrow();
            vps.exec(ipt, "-I", "INPUT", "1", "-m", "conntrack", "--ctstate", "NEW", "-j", "PORTCULLIS").orThrow();
        }
    }

    /** {@code n} rules of "the system" (ufw, Docker...) in INPUT; the script counts them to choose a backend. */
    public static void systemRules(LabVps vps, String backend, int n) {
        StringBuilder rules = new StringBuilder("*filter\n");
        for (int i = 1; i <= n; i++) {
            rules.append("-A INPUT -s 198.18.251.").append(i).append(" -j ACCEPT\n");
        }
        vps.execWithInput(rules.append("COMMIT\n").toString(), "iptables-" + backend + "-restore", "--noflush").orThrow();
    }
}
