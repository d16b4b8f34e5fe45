package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.importer.ImportException;
import dev.portcullis.importer.ImportOptions;
import dev.portcullis.importer.ImportService;
import dev.portcullis.importer.LimitBook;
import dev.portcullis.importer.PlannedChange;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.Server;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A server the import cannot reach fails the import with one exception, whose cause is the SSH failure itself. */
class SshPanelHostsTest {

    @Test
    void anUnreachableServerIsOneImportFailureCarryingTheRemoteReason() {
        Server closedPort = new Server(Server.NEW, "vps1", "127.0.0.1", 1, "root", AuthKind.PASSWORD, null, false);
        SshConnector connector = new SshConnector(new InMemoryHostKeyStore(), CredentialSource.none(), SshSettings.defaults());
        LimitBook book = new LimitBook() {
            @Override
            public List<LimitEntry> limits(String server) {
                return List.of();
            }

            @Override
            public void apply(String server, List<PlannedChange> writes) {
                throw new AssertionError("nothing is written");
            }
        };
        ImportService importer = new ImportService(new SshPanelHosts(connector, name -> closedPort), book);

        ImportException e = assertThrows(ImportException.class, () -> importer.propose("vps1", ImportOptions.defaults()));
        assertEquals(ImportException.Kind.UNREACHABLE, e.kind());
        assertTrue(e.getCause() instanceof RemoteException, "wrapped once, not through IOException: " + e.getCause());
        assertEquals(RemoteException.Reason.UNREACHABLE, ((RemoteException) e.getCause()).reason());
        assertTrue(e.getMessage().startsWith("cannot read the panel of vps1: unreachable: "), e.getMessage());
    }
}
