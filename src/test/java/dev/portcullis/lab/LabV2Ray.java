package dev.portcullis.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real V2Ray (Debian package v2ray) in the lab: VLESS clients behind a local SOCKS port. */
public final class LabV2Ray {

    private LabV2Ray() {
    }

    /**
     * Starts a V2Ray client on {@code host}: SOCKS on 127.0.0.1:{@code socks}, VLESS over TCP as user
     * {@code id} to {@code server}:{@code port}; its config goes to {@code dir}. Returns once it listens.
     */
    public static LabClient vlessClient(LabHost host, Path dir, int socks, String server, int port, String id)
            throws IOException {
        Path config = dir.resolve(host.namespace() + "-" + socks + ".json");
        Files.writeString(config, """
                {"log": {"loglevel": "warning"},
                 "inbounds": [{"listen": "127.0.0.1", "port": %d, "protocol": "socks", "settings": {"udp": false}}],
                 "outbounds": [{"protocol": "vless",
                                "settings": {"vnext": [{"address": "%s", "port": %d,
                                                        "users": [{"id": "%s", "encryption": "none"}]}]},
                                "streamSettings": {"network": "tcp"}}]}
                """.formatted(socks, server, port, id));
        host.spawn("/usr/bin/v2ray", "-config", config.toString());
        waitForListener(host, socks);
        return host.client();
    }

    /** Bounded wait (10 s) until something listens on TCP {@code port} in {@code host}. */
    public static void waitForListener(LabHost host, int port) {
        for (int i = 0; i < 100; i++) {
            if (host.tryExec("ss", "-Htln").stdout().contains(":" + port + " ")) {
                return;
            }
            Shell.exec(null, 5, "sleep", "0.1");
        }
        throw new AssertionError("nothing listens on " + port + " in " + host);
    }
}
