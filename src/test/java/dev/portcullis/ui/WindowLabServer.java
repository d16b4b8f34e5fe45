package dev.portcullis.ui;

import dev.portcullis.lab.Lab;
import dev.portcullis.lab.LabExtension;
import dev.portcullis.lab.LabSshd;
import dev.portcullis.lab.LabVps;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.Server;
import dev.portcullis.store.Inventory;
import dev.portcullis.store.ServerSecrets;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real server for the window's lab tests: a lab namespace with sshd that root logs in to with
 * a password, reachable from the test JVM. As a static extension
 * ({@code @RegisterExtension static final WindowLabServer server = new WindowLabServer("win", "root pass");})
 * it serves the whole class: started on first use, deleted with its lab after the last test.
 */
final class WindowLabServer implements BeforeAllCallback, AfterAllCallback {

    private final LabExtension labs = new LabExtension();
    private final String name;
    private final String rootPassword;
    private LabSshd sshd;

    WindowLabServer(String name, String rootPassword) {
        this.name = name;
        this.rootPassword = rootPassword;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        labs.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        sshd = null;
        labs.afterAll(context);
    }

    /** The server's sshd, started on the first call. */
    LabSshd sshd() {
        if (sshd == null) {
            sshd = LabSshd.startReachable(labs.lab(), name, "ed25519");
            sshd.rootPassword(rootPassword);
        }
        return sshd;
    }

    Lab lab() {
        sshd();
        return labs.lab();
    }

    LabVps vps() {
        return sshd().vps();
    }

    /** Stores this server in the window's inventory under {@code name}, logging in as root. */
    void addAsRoot(Inventory inventory, String name) {
        inventory.addServer(new Server(Server.NEW, name, vps().ipv4(), 22, "root", AuthKind.PASSWORD, null, false),
                new ServerSecrets(rootPassword.toCharArray(), null));
    }
}
