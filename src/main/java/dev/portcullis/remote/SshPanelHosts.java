package dev.portcullis.remote;

import dev.portcullis.importer.ImportException;
import dev.portcullis.importer.PanelHost;
import dev.portcullis.importer.PanelHostOpener;
import dev.portcullis.model.Server;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * The importer's way into a stored server: one SSH session per import, commands run as root
 * (through sudo where the login is not root), files downloaded over SFTP with root's rights.
 * A failure on the server is an {@link ImportException} of kind {@link ImportException.Kind#UNREACHABLE}
 * whose cause is the {@link RemoteException} (the import fails with that one type end to end).
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
    public Session open(String name) {
        Server server = servers.apply(name);
        try {
            return new SshPanelSession(connector.open(server), connector.settings().command());
        } catch (RemoteException e) {
            throw failed(name, e);
        }
    }

    private static ImportException failed(String server, RemoteException e) {
        return new ImportException(ImportException.Kind.UNREACHABLE, "cannot read the panel of " + server + ": " + e.oneLine(), e);
    }

    private static final class SshPanelSession implements Session {
        private final SshSession ssh;
        private final Duration timeout;

        SshPanelSession(SshSession ssh, Duration timeout) {
            this.ssh = ssh;
            this.timeout = timeout;
        }

        @Override
        public PanelHost.Result run(String command) {
            try {
                ExecResult r = ssh.sudo().run(command, timeout);
                return new PanelHost.Result(r.exitCode(), r.stdout(), r.stderr());
            } catch (RemoteException e) {
                throw failed(name(), e);
            }
        }

        @Override
        public void download(String remotePath, Path local, long maxBytes) {
            try {
                ssh.files().downloadAsRoot(remotePath, local, timeout, maxBytes);
            } catch (RemoteException e) {
                throw failed(name(), e);
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
