package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.remote.HostKey;
import dev.portcullis.store.KnownHostKey;
import dev.portcullis.ui.servers.SyncState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The window's trust dialog when the server presents a key of a type that was never recorded for
 * its host and port: that is a changed key (red, naming the recorded type, "Keep it blocked" the
 * default), not a first contact; trusting it records exactly the keys shown, replacing the old.
 */
class WindowHostKeyLabTest {

    @RegisterExtension
    static final WindowLabServer server = new WindowLabServer("hk", "root pass 2");
    @RegisterExtension
    final WindowFixture window = new WindowFixture();

    @TempDir
    Path keyDir;

    /** An ECDSA key that is not the server's: the record of a type the (ed25519-only) server lacks. */
    private KnownHostKey otherTypeRecord(String host) throws Exception {
        Path key = keyDir.resolve("other");
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-N", "", "-t", "ecdsa", "-f", key.toString()).start();
        assertEquals(0, p.waitFor());
        String[] pub = Files.readString(keyDir.resolve("other.pub")).split(" ");
        return new KnownHostKey(host, 22, pub[0], pub[1], HostKey.fingerprint(Base64.getDecoder().decode(pub[1])));
    }

    @Test
    void aKeyOfANewTypeIsAChangedKeyBlockedByDefault(FxRobot robot) throws Exception {
        window.createPassword(robot);
        var inventory = window.shell.context().inventory();
        server.addAsRoot(inventory, "lab-hk");
        String host = server.vps().ipv4();
        KnownHostKey ecdsa = otherTypeRecord(host);
        inventory.trustHostKeys(host, 22, List.of(ecdsa));
        window.showServers("lab-hk");

        robot.clickOn("Server").clickOn("Test connection");
        WindowFixture.waitFor(robot, ".dialog-pane", Node::isVisible);
        assertTrue(robot.lookup(".hostkey-danger").tryQuery().isPresent(), "a key of a new type is shown as a changed key");
        Label recorded = robot.lookup(".hostkey-recorded").queryAs(Label.class);
        assertTrue(recorded.getText().contains("ecdsa-sha2-nistp256"), recorded.getText());
        String shown = robot.lookup(".fingerprints").queryTextInputControl().getText();
        assertTrue(shown.contains(server.sshd().fingerprints().get(0)), shown);
        List<String> defaults = robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream()
                .filter(Button::isDefaultButton).map(Button::getText).toList();
        assertEquals(List.of("Keep it blocked"), defaults);

        // Enter takes the default: blocked, nothing recorded.
        robot.type(KeyCode.ENTER);
        WindowFixture.waitUntil(() -> robot.lookup(".dialog-pane").tryQuery().isEmpty());
        assertEquals(List.of(ecdsa), inventory.knownHostKeys(host, 22), "nothing recorded");
        assertEquals(SyncState.FAILED, WindowFixture.onFx(() -> window.shell.servers().byName("lab-hk").orElseThrow()
                .stateProperty().get()));

        // Trusting the new key records exactly what the dialog showed, and nothing of the old record stays.
        robot.clickOn("Server").clickOn("Test connection");
        WindowFixture.waitFor(robot, ".hostkey-danger", Node::isVisible);
        String shownAgain = robot.lookup(".fingerprints").queryTextInputControl().getText();
        Button trustNew = robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream()
                .filter(b -> b.getText().equals("Trust the new key")).findFirst().orElseThrow();
        robot.interact(trustNew::fire);
        WindowFixture.waitUntil(() -> inventory.knownHostKeys(host, 22).stream().noneMatch(ecdsa::equals));
        List<KnownHostKey> now = inventory.knownHostKeys(host, 22);
        assertEquals(List.of(server.sshd().fingerprints().get(0)), now.stream().map(KnownHostKey::fingerprint).toList());
        assertEquals(shownAgain, now.get(0).keyType() + "  " + now.get(0).fingerprint());
    }
}
