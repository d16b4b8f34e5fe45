package dev.portcullis.store;

import static dev.portcullis.store.StoreFixture.count;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.AppContext;
import dev.portcullis.model.Server;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultTest {

    private static final String SECRET = "Sup3r-Secret-SSH-pa55word";
    private static final String PASSPHRASE = "key passphrase مخفی 秘密";

    @TempDir
    Path dir;

    @Test
    void secretsRoundTripAcrossReopening() {
        try (AppContext app = StoreFixture.open(dir)) {
            app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password(SECRET));
        }
        try (AppContext app = StoreFixture.open(dir)) {
            Server a = app.inventory().server("a");
            assertArrayEquals(SECRET.toCharArray(), app.inventory().secret(a, SecretKind.PASSWORD).orElseThrow());
            assertTrue(app.inventory().secret(a, SecretKind.KEY_PASSPHRASE).isEmpty());
        }
    }

    @Test
    void wrongMasterPasswordIsDetectedNotAccepted() {
        try (AppContext app = StoreFixture.open(dir)) {
            app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password(SECRET));
        }
        try (AppContext app = AppContext.open(dir, creating -> "not the right one".toCharArray())) {
            Server a = app.inventory().server("a");
            MasterPasswordException e = assertThrows(MasterPasswordException.class,
                    () -> app.inventory().secret(a, SecretKind.PASSWORD));
            assertTrue(e.getMessage().startsWith("wrong master password"), e.getMessage());
            assertEquals(MasterPasswordException.Kind.WRONG, e.kind(), "the window tells a wrong password by its kind");
            assertFalse(app.vault().isUnlocked());
            // Nor may a wrong password seal new secrets under a different key.
            assertThrows(MasterPasswordException.class,
                    () -> app.inventory().addServer(StoreFixture.server("b"), StoreFixture.password("other")));
        }
    }

    @Test
    void kdfParametersAreStrong() throws Exception {
        try (AppContext app = StoreFixture.open(dir)) {
            app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password(SECRET));
        }
        assertTrue(count(dir, "SELECT iterations FROM vault") >= 600_000);
        assertEquals(16, count(dir, "SELECT OCTET_LENGTH(salt) FROM vault"));
        // version byte + 12-byte nonce + ciphertext + 16-byte tag
        assertEquals(1 + 12 + SECRET.length() + 16, count(dir, "SELECT OCTET_LENGTH(sealed) FROM secrets"));
    }

    @Test
    void aSealedSecretMovedToAnotherServerDoesNotOpen() throws Exception {
        try (AppContext app = StoreFixture.open(dir)) {
            app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password(SECRET));
            app.inventory().addServer(StoreFixture.server("b"), StoreFixture.password("b-password"));
        }
        try (Connection c = DriverManager.getConnection(Database.url(dir), "", "");
             PreparedStatement ps = c.prepareStatement("UPDATE secrets SET sealed = (SELECT sealed FROM secrets s"
                     + " JOIN servers v ON v.id = s.server_id WHERE v.name = 'a')"
                     + " WHERE server_id = (SELECT id FROM servers WHERE name = 'b')")) {
            assertEquals(1, ps.executeUpdate());
        }
        try (AppContext app = StoreFixture.open(dir)) {
            Server b = app.inventory().server("b");
            StoreException e = assertThrows(StoreException.class, () -> app.inventory().secret(b, SecretKind.PASSWORD));
            assertTrue(e.getMessage().contains("does not open"), e.getMessage());
        }
    }

    @Test
    void withoutEnvironmentOrTerminalTheErrorSaysWhatToDo() {
        try (AppContext app = AppContext.open(dir, new EnvironmentMasterPassword(Map.of(), null))) {
            MasterPasswordException e = assertThrows(MasterPasswordException.class,
                    () -> app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password(SECRET)));
            assertTrue(e.getMessage().contains("PORTCULLIS_MASTER_PASSWORD"), e.getMessage());
            assertTrue(app.inventory().servers().isEmpty(), "nothing written");
        }
    }

    @Test
    void aGuessableNewMasterPasswordIsRefusedWithTheEstimatorsAdvice() {
        for (String weak : List.of("password1", "qwertyuiop", "P@ssw0rd123", "Summer2024!", "abcdefgh12")) {
            try (AppContext app = AppContext.open(dir, creating -> weak.toCharArray())) {
                WeakMasterPasswordException e = assertThrows(WeakMasterPasswordException.class,
                        () -> app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password(SECRET)));
                assertTrue(e.getMessage().startsWith("the new master password is too easy to guess (strength "), e.getMessage());
                assertTrue(e.result().score() < MasterPasswordCheck.MIN_SCORE, weak);
                assertEquals(MasterPasswordException.Kind.WEAK, e.kind(), weak);
                assertFalse(e.getMessage().contains(weak), "the message never echoes the password");
                assertTrue(app.inventory().servers().isEmpty(), "nothing written");
            }
        }
        WeakMasterPasswordException common = assertThrows(WeakMasterPasswordException.class,
                () -> new MasterPasswordCheck().requireAcceptable("qwertyuiop".toCharArray()));
        assertTrue(common.getMessage().endsWith(": This is a top-100 common password. Add another word or two."
                + " Uncommon words are better."), common.getMessage());
        try (AppContext app = AppContext.open(dir, creating -> "orange tiger lamp 12".toCharArray())) {
            app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password(SECRET));
        }
    }

    @Test
    void aVaultRowWithFewKeyDerivationRoundsIsRefusedAsTampered() throws Exception {
        try (AppContext app = StoreFixture.open(dir)) {
            app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password(SECRET));
        }
        // Someone with the file drops the schema's own check first.
        try (Connection c = DriverManager.getConnection(Database.url(dir), "", "");
             java.sql.Statement st = c.createStatement()) {
            st.execute("ALTER TABLE vault DROP CONSTRAINT vault_iterations");
        }
        for (int rounds : new int[] {1, Vault.MIN_ITERATIONS - 1, Integer.MAX_VALUE}) {
            try (Connection c = DriverManager.getConnection(Database.url(dir), "", "");
                 PreparedStatement ps = c.prepareStatement("UPDATE vault SET iterations = ?")) {
                ps.setInt(1, rounds);
                ps.executeUpdate();
            }
            try (AppContext app = StoreFixture.open(dir)) {
                VaultTamperedException e = assertThrows(VaultTamperedException.class,
                        () -> app.inventory().secret(app.inventory().server("a"), SecretKind.PASSWORD));
                assertEquals(rounds, e.iterations());
                assertTrue(e.getMessage().startsWith("the secret store was tampered with: it names " + rounds
                        + " key derivation rounds"), e.getMessage());
            }
        }
        try (Connection c = DriverManager.getConnection(Database.url(dir), "", "");
             PreparedStatement ps = c.prepareStatement("UPDATE vault SET iterations = ?")) {
            ps.setInt(1, SecretCipher.ITERATIONS);
            ps.executeUpdate();
        }
        try (AppContext app = StoreFixture.open(dir)) {
            assertArrayEquals(SECRET.toCharArray(),
                    app.inventory().secret(app.inventory().server("a"), SecretKind.PASSWORD).orElseThrow());
        }
    }

    @Test
    void tooShortNewMasterPasswordIsRefused() {
        try (AppContext app = AppContext.open(dir, creating -> "short".toCharArray())) {
            assertThrows(MasterPasswordException.class,
                    () -> app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password(SECRET)));
            assertTrue(app.inventory().servers().isEmpty());
        }
    }

    @Test
    void storedSecretsAppearNowhereInPlainText() throws IOException {
        try (AppContext app = StoreFixture.open(dir)) {
            app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password(SECRET));
            Server keyed = new Server(Server.NEW, "k", "198.18.0.3", 22, "root",
                    dev.portcullis.model.AuthKind.KEY_FILE, "/keys/id", false);
            app.inventory().addServer(keyed, new ServerSecrets(null, PASSPHRASE.toCharArray()));
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().endsWith(".mv.db")), "database file found: " + files);
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            for (String secret : List.of(SECRET, PASSPHRASE, StoreFixture.MASTER)) {
                for (Charset cs : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
                    assertFalse(contains(bytes, secret.getBytes(cs)), secret + " in " + cs + " found in " + file);
                }
            }
        }
        // The scan must be able to fail: the server name, stored in clear, is found.
        byte[] db = Files.readAllBytes(dir.resolve("portcullis.mv.db"));
        assertTrue(contains(db, "/keys/id".getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
