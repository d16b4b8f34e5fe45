package dev.portcullis.remote;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.Server;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small real bash script standing in for the generated portcullis-limits.sh in deploy tests: run
 * as root with {@code apply} it writes /etc/portcullis/limits.conf, installs itself as
 * /usr/local/sbin/portcullis-limits and loads chain PORTCULLIS with iptables-restore --noflush for
 * IPv4 and IPv6 (connection modes only). Like the real one it refuses to limit port 22 and to run
 * without root.
 */
public final class StandInScripts implements ScriptSource {

    private final Map<String, List<LimitEntry>> entries = new ConcurrentHashMap<>();

    public void set(String server, List<LimitEntry> list) {
        entries.put(server, List.copyOf(list));
    }

    List<LimitEntry> get(String server) {
        return entries.getOrDefault(server, List.of());
    }

    @Override
    public Deployment deploymentFor(Server server) {
        List<LimitEntry> list = get(server.name());
        String conf = conf(list);
        return new Deployment(script(list, conf), conf, list);
    }

    public static String conf(List<LimitEntry> list) {
        StringBuilder s = new StringBuilder("# portcullis limits: port proto mode max v4mask v6prefix observe enabled idle label\n");
        for (LimitEntry e : list) {
            s.append(e.port()).append(' ').append(e.protocol().id()).append(' ').append(e.mode().id()).append(' ')
                    .append(e.max()).append(' ').append(e.v4Mask()).append(' ').append(e.v6Prefix()).append(' ')
                    .append(e.observe() ? 1 : 0).append(' ').append(e.enabled() ? 1 : 0).append(' ')
                    .append(e.idleSeconds()).append(' ').append(e.label()).append('\n');
        }
        return s.toString();
    }

    @Override
    public List<LimitEntry> parseLimitsConf(String text) {
        List<LimitEntry> list = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split(" ", 10);
            if (f.length < 9) {
                throw new IllegalArgumentException("bad line '" + line + "'");
            }
            try {
                list.add(new LimitEntry(Integer.parseInt(f[0]), Protocol.fromId(f[1]), LimitMode.fromId(f[2]),
                        Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]), f.length > 9 ? f[9] : "",
                        "1".equals(f[6]), "1".equals(f[7]), Integer.parseInt(f[8])));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("bad line '" + line + "': " + e.getMessage(), e);
            }
        }
        return list;
    }

    static String rules(List<LimitEntry> list, boolean v6) {
        StringBuilder r = new StringBuilder("*filter\n:PORTCULLIS - [0:0]\n-F PORTCULLIS\n");
        for (LimitEntry e : list) {
            if (!e.enabled() || e.mode() == LimitMode.DEVICES) {
                continue;
            }
            int mask = e.mode() == LimitMode.CONNECTIONS ? 0 : (v6 ? e.v6Prefix() : e.v4Mask());
            for (String proto : e.protocol() == Protocol.BOTH ? List.of("tcp", "udp") : List.of(e.protocol().id())) {
                r.append("-A PORTCULLIS -p ").append(proto).append(" -m ").append(proto).append(" --dport ").append(e.port())
                        .append(" -m connlimit --connlimit-above ").append(e.max()).append(" --connlimit-mask ").append(mask)
                        .append(e.observe() ? " -j RETURN" : " -j REJECT").append('\n');
            }
        }
        return r.append("COMMIT\n").toString();
    }

    public static String script(List<LimitEntry> list, String conf) {
        boolean refuses = list.stream().anyMatch(e -> e.port() == 22);
        return "#!/usr/bin/env bash\n"
                + "# stand-in for portcullis-limits.sh (tests only)\n"
                + "set -euo pipefail\n"
                + "[ \"${1:-apply}\" = apply ] || { echo 'portcullis-limits: this stand-in only knows apply' >&2; exit 2; }\n"
                + "[ \"$(id -u)\" -eq 0 ] || { echo 'portcullis-limits: must run as root' >&2; exit 3; }\n"
                + (refuses ? "echo 'portcullis-limits: refusing to limit port 22: sshd listens there' >&2; exit 4\n" : "")
                + "mkdir -p /etc/portcullis /usr/local/sbin\n"
                + "cat > /etc/portcullis/limits.conf.new <<'PORTCULLIS_CONF'\n" + conf + "PORTCULLIS_CONF\n"
                + "mv /etc/portcullis/limits.conf.new /etc/portcullis/limits.conf\n"
                + "if [ -f \"$0\" ] && [ \"$(readlink -f \"$0\")\" != /usr/local/sbin/portcullis-limits ]; then install -m 0755 \"$0\" /usr/local/sbin/portcullis-limits; fi\n"
                + "iptables-restore --noflush <<'PORTCULLIS_V4'\n" + rules(list, false) + "PORTCULLIS_V4\n"
                + "ip6tables-restore --noflush <<'PORTCULLIS_V6'\n" + rules(list, true) + "PORTCULLIS_V6\n"
                + "iptables -C INPUT -j PORTCULLIS 2>/dev/null || iptables -I INPUT 1 -j PORTCULLIS\n"
                + "ip6tables -C INPUT -j PORTCULLIS 2>/dev/null || ip6tables -I INPUT 1 -j PORTCULLIS\n"
                + "echo 'portcullis-limits: applied'\n";
    }
}
