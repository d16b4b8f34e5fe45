package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.Server;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Sync and plan refuse a TCP limit on the server's own SSH port before connecting at all. */
class SshPortLimitTest {

    @Test
    void syncAndPlanRefuseATcpLimitOnTheSshPortWithoutConnecting() {
        AtomicInteger secretsAsked = new AtomicInteger();
        CredentialSource credentials = new CredentialSource() {
            @Override
            public Optional<char[]> password(Server server) {
                secretsAsked.incrementAndGet();
                return Optional.of("x".toCharArray());
            }

            @Override
            public Optional<char[]> keyPassphrase(Server server) {
                return Optional.empty();
            }
        };
        SshConnector connector = new SshConnector(new InMemoryHostKeyStore(), credentials,
                SshSettings.defaults().withConnect(Duration.ofSeconds(1)).withKnownHosts(null));
        EntryMapScripts scripts = new EntryMapScripts();
        Deployer deployer = new Deployer(connector, scripts, Duration.ofSeconds(1));
        // 198.18.0.0/15 holds nothing outside the lab: a connection attempt would fail as unreachable.
        Server server = new Server(0, "alt", "198.19.255.253", 2222, "root", AuthKind.PASSWORD, null, false);
        List<String> steps = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (Protocol p : List.of(Protocol.TCP, Protocol.BOTH)) {
            scripts.set("alt", List.of(LimitEntry.of(443, LimitMode.DEVICES, 3),
                    LimitEntry.of(2222, LimitMode.CONNECTIONS, 5).withProtocol(p)));
            RemoteException sync = assertThrows(RemoteException.class, () -> deployer.sync(server, steps::add));
            assertEquals(RemoteException.Reason.SCRIPT_REFUSED, sync.reason(), sync.getMessage());
            assertTrue(sync.getMessage().contains("port 2222 is the SSH port"), sync.getMessage());
            RemoteException plan = assertThrows(RemoteException.class, () -> deployer.plan(server, steps::add));
            assertEquals(RemoteException.Reason.SCRIPT_REFUSED, plan.reason(), plan.getMessage());
        }
        assertEquals(List.of(), steps, "not even a connection was started");
        assertEquals(0, secretsAsked.get());
    }
}
