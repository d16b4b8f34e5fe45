package dev.portcullis.remote;

import dev.portcullis.importer.PanelHost;
import dev.portcullis.importer.PanelHostOpener;
import dev.portcullis.model.Server;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * The importer's way into a stored server: one SSH session per import, commands run as root
 * (through sudo where the login is not root), files downloaded over SFTP with root's rights.
 * Failures surface as {@link IOException}s whose message is the one-line {@link RemoteException}.
 */
public final class SshPanelHosts implements PanelHostOpener {

    private final SshConnector connector;
    private final Function<String, Server> servers;

    /** @param servers looks a stored server up by name (throws for an unknown one) */
    public SshPanelHosts(SshConnector connector, Function<String, Server> servers) {
        this.connector = connector;
        this.servers = servers;
    }

    @Override
    public Session open(String name) throws IOException {
        Server server = servers.apply(name);
        try {
            return new SshPanelSession(connector.open(server), connector.settings().command());
        } catch (RemoteException e) {
            throw new IOException(e.oneLine(), e);
        }
    }

    private static final class SshPanelSession implements Session {
        private final SshSession ssh;
        private final Duration timeout;

        SshPanelSession(SshSession ssh, Duration timeout) {
            this.ssh = ssh;
            this.timeout = timeout;
        }

        @Override
        public PanelHost.Result run(String command) throws IOException {
            try {
                ExecResult r = ssh.sudo().run(command, timeout);
                return new PanelHost.Result(r.exitCode(), r.stdout(), r.stderr());
            } catch (RemoteException e) {
                throw new IOException(e.oneLine(), e);
            }
        }

        @Override
        public void download(String remotePath, Path local, long maxBytes) throws IOException {
            try {
                ssh.files().downloadAsRoot(remotePath, local, timeout, maxBytes);
            } catch (RemoteException e) {
                throw new IOException(e.oneLine(), e);
            }
        }

        @Override
        public String name() {
            return ssh.server().name();
        }

        @Override
        public void close() {
            ssh.close();
        }
    }
}
