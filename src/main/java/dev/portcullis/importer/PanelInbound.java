package dev.portcullis.importer;

import java.util.List;

/**
 * One inbound read from an x-ui / 3x-ui database or an Xray/V2Ray JSON config, before any decision
 * about limits. Values are kept as found; {@link Proposer} decides what they mean.
 *
 * @param source       where it was read, e.g. "/etc/x-ui/x-ui.db" or a config path (for messages)
 * @param name         the inbound's remark (panels) or tag (configs), may be empty
 * @param tag          the Xray tag, may be empty
 * @param enabled      false when the panel switched the inbound off
 * @param listen       listen address as written, empty for all addresses
 * @param port         the port as written: "443", or a range / list / env reference that is not one port
 * @param protocol     Xray protocol name in lower case (vless, vmess, trojan, shadowsocks, ...)
 * @param network      streamSettings.network in lower case, "tcp" when absent
 * @param ssNetwork    settings.network of shadowsocks / dokodemo inbounds ("tcp", "udp", "tcp,udp"), may be empty
 * @param udpEnabled   settings.udp of socks / mixed inbounds
 * @param clients      the accounts of the inbound
 * @param fallbackDests fallback destinations of this inbound as written (ports, host:port or socket paths)
 */
public record PanelInbound(String source, String name, String tag, boolean enabled, String listen, String port,
                           String protocol, String network, String ssNetwork, boolean udpEnabled,
                           List<PanelClient> clients, List<String> fallbackDests) {

    public PanelInbound {
        source = source == null ? "" : source;
        name = name == null ? "" : name;
        tag = tag == null ? "" : tag;
        listen = listen == null ? "" : listen.trim();
        port = port == null ? "" : port.trim();
        protocol = protocol == null ? "" : protocol.trim().toLowerCase(java.util.Locale.ROOT);
        network = network == null || network.isBlank() ? "tcp" : network.trim().toLowerCase(java.util.Locale.ROOT);
        ssNetwork = ssNetwork == null ? "" : ssNetwork.trim().toLowerCase(java.util.Locale.ROOT);
        clients = clients == null ? List.of() : List.copyOf(clients);
        fallbackDests = fallbackDests == null ? List.of() : List.copyOf(fallbackDests);
    }

    /** The port as a number, or -1 when it is a range, a list, an environment reference or invalid. */
    public int singlePort() {
        if (!port.matches("\\d{1,5}")) {
            return -1;
        }
        int p = Integer.parseInt(port);
        return p >= 1 && p <= 65_535 ? p : -1;
    }

    /** "vless inbound 'name' on port 443 (source)", for notes and warnings. */
    public String describe() {
        String what = protocol.isEmpty() ? "inbound" : protocol + " inbound";
        String label = name.isEmpty() ? (tag.isEmpty() ? "" : " '" + tag + "'") : " '" + name + "'";
        return what + label + " on port " + (port.isEmpty() ? "?" : port);
    }
}
