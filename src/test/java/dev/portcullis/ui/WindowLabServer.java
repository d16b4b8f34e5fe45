package dev.portcullis.ui;

import dev.portcullis.lab.Lab;
import dev.portcullis.lab.LabSshd;
import dev.portcullis.lab.LabVps;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.Server;
import dev.portcullis.store.Inventory;
import dev.portcullis.store.ServerSecrets;

/**
 * One real server for the window's lab tests: a lab namespace with sshd that root logs in to with
 * a password, reachable from the test JVM; it ends with its lab.
 */
final class WindowLabServer {

    private final Lab lab;
    private final LabSshd sshd;
    private final String rootPassword;

    private WindowLabServer(Lab lab, LabSshd sshd, String rootPassword) {
        this.lab = lab;
        this.sshd = sshd;
        this.rootPassword = rootPassword;
    }

    static WindowLabServer start(Lab lab, String name, String rootPassword) {
        lab.attachTestJvm();
        LabSshd sshd = LabSshd.start(LabVps.create(lab, name), "ed25519");
        sshd.rootPassword(rootPassword);
        return new WindowLabServer(lab, sshd, rootPassword);
    }

    Lab lab() {
        return lab;
    }

    LabSshd sshd() {
        return sshd;
    }

    LabVps vps() {
        return sshd.vps();
    }

    /** Stores this server in the window's inventory under {@code name}, logging in as root. */
    void addAsRoot(Inventory inventory, String name) {
        inventory.addServer(new Server(Server.NEW, name, vps().ipv4(), 22, "root", AuthKind.PASSWORD, null, false),
                new ServerSecrets(rootPassword.toCharArray(), null));
    }
}
