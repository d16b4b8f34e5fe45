package dev.portcullis.importer;

import java.util.List;
import java.util.Locale;

/**
 * One inbound read from an x-ui / 3x-ui database or an Xray/V2Ray JSON config, before any decision
 * about limits. Values are kept as found; {@link Proposer} decides what they mean.
 *
 * @param source       where it was read, e.g. "/etc/x-ui/x-ui.db" or a config path (for messages)
 * @param name         the inbound's remark (panels), may be empty
 * @param tag          the Xray tag, may be empty
 * @param state        whether the panel serves the inbound (switched off, expired, traffic used up)
 * @param listen       listen address as written, empty for all addresses
 * @param port         the port as written: "443", or a range / list / env reference that is not one port
 * @param protocol     Xray protocol name in lower case (vless, vmess, trojan, shadowsocks, ...)
 * @param network      streamSettings.network in lower case, "tcp" when absent
 * @param ssNetwork    settings.network of shadowsocks / dokodemo inbounds ("tcp", "udp", "tcp,udp"), may be empty
 * @param udpEnabled   settings.udp of socks / mixed inbounds
 * @param h3Only       TLS with ALPN "h3" alone (XHTTP then listens on QUIC, that is UDP)
 * @param clients      the accounts of the inbound
 * @param fallbackDests fallback destinations of this inbound as written (ports, host:port or socket paths)
 * @param node         the other server (3x-ui node) this inbound runs on; empty when it runs where it was read
 */
public record PanelInbound(String source, String name, String tag, ServeState state, String listen, String port,
                           String protocol, String network, String ssNetwork, boolean udpEnabled, boolean h3Only,
                           List<PanelClient> clients, List<String> fallbackDests, String node) {

    public PanelInbound {
        source = source == null ? "" : source;
        name = name == null ? "" : name;
        tag = tag == null ? "" : tag;
        state = state == null ? ServeState.ACTIVE : state;
        listen = listen == null ? "" : listen.trim();
        port = port == null ? "" : port.trim();
        protocol = protocol == null ? "" : protocol.trim().toLowerCase(java.util.Locale.ROOT);
        network = network == null || network.isBlank() ? "tcp" : network.trim().toLowerCase(java.util.Locale.ROOT);
        ssNetwork = ssNetwork == null ? "" : ssNetwork.trim().toLowerCase(java.util.Locale.ROOT);
        clients = clients == null ? List.of() : List.copyOf(clients);
        fallbackDests = fallbackDests == null ? List.of() : List.copyOf(fallbackDests);
        node = node == null ? "" : node;
    }

    /** An inbound of this server that is served or switched off, without TLS ALPN facts. */
    public PanelInbound(String source, String name, String tag, boolean enabled, String listen, String port,
                        String protocol, String network, String ssNetwork, boolean udpEnabled,
                        List<PanelClient> clients, List<String> fallbackDests) {
        this(source, name, tag, enabled ? ServeState.ACTIVE : ServeState.DISABLED, listen, port, protocol, network,
                ssNetwork, udpEnabled, false, clients, fallbackDests, "");
    }

    /** True when the panel serves the inbound. */
    public boolean enabled() {
        return state == ServeState.ACTIVE;
    }

    /** The port as a number, or -1 when it is a range, a list, an environment reference or invalid. */
    public int singlePort() {
        if (!port.matches("\\d{1,5}")) {
            return -1;
        }
        int p = Integer.parseInt(port);
        return p >= 1 && p <= 65_535 ? p : -1;
    }

    /** True when it listens on a Unix socket (a path, or an abstract name starting with '@'). */
    public boolean unixSocket() {
        return listen.startsWith("/") || listen.startsWith("@");
    }

    /** True when it listens on a loopback address only (127.0.0.0/8, ::1, localhost). */
    public boolean loopback() {
        String l = listen.toLowerCase(Locale.ROOT);
        if (l.startsWith("[") && l.endsWith("]")) {
            l = l.substring(1, l.length() - 1);
        }
        return l.startsWith("127.") || l.startsWith("::ffff:127.") || l.equals("localhost") || l.equals("::1")
                || l.equals("0:0:0:0:0:0:0:1");
    }

    /** "vless inbound 'name' on port 443 (source)", for notes and warnings. */
    public String describe() {
        String what = protocol.isEmpty() ? "inbound" : protocol + " inbound";
        String label = name.isEmpty() ? (tag.isEmpty() ? "" : " '" + tag + "'") : " '" + name + "'";
        return what + label + " on port " + (port.isEmpty() ? "?" : port);
    }
}
