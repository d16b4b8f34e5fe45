package dev.portcullis.rules;

import dev.portcullis.lab.Lab;
import dev.portcullis.lab.LabExtension;
import dev.portcullis.lab.LabVps;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The script's lab tests: a fresh lab per test with the server "vps" in it. A subclass's own
 * {@code @BeforeEach} (named otherwise) runs after this one and adds echo servers and clients.
 */
abstract class ScriptServerLab {

    @RegisterExtension
    final LabExtension labs = new LabExtension();
    Lab lab;
    LabVps vps;

    @BeforeEach
    void startServer() {
        lab = labs.lab();
        vps = LabVps.create(lab, "vps");
    }
}
