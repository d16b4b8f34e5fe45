package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portcullis.remote.RemoteException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollPolicyTest {

    @Test
    void pollsEveryIntervalAfterAPollThatWorked() {
        assertEquals(Duration.ofSeconds(2), PollPolicy.defaults().afterSuccess());
        assertEquals(Duration.ofMillis(500), PollPolicy.withInterval(Duration.ofMillis(500)).afterSuccess());
    }

    @Test
    void backsOffExponentiallyAfterFailuresThatMayPass_cappedAtAMinute() {
        PollPolicy p = PollPolicy.defaults();
        List<Long> seconds = new ArrayList<>();
        for (int n = 1; n <= 9; n++) {
            seconds.add(p.afterFailure(Reason.UNREACHABLE, n).toSeconds());
        }
        assertEquals(List.of(2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L, 60L), seconds);
        assertEquals(Duration.ofSeconds(60), p.afterFailure(Reason.TIMEOUT, Integer.MAX_VALUE));
        assertEquals(Duration.ofSeconds(2), p.afterFailure(Reason.ERROR, 1));
        // A short interval still waits a second before the first retry; a long one is its own cap.
        assertEquals(Duration.ofSeconds(1), PollPolicy.withInterval(Duration.ofMillis(200)).afterFailure(Reason.UNREACHABLE, 1));
        assertEquals(Duration.ofSeconds(90), PollPolicy.withInterval(Duration.ofSeconds(90)).afterFailure(Reason.UNREACHABLE, 5));
    }

    @Test
    void stopsOnFailuresThatWaitingDoesNotFix() {
        PollPolicy p = PollPolicy.defaults();
        for (Reason r : List.of(Reason.AUTH_FAILED, Reason.HOST_KEY_CHANGED, Reason.HOST_KEY_UNTRUSTED, Reason.NO_SUDO)) {
            assertNull(p.afterFailure(r, 1), r.id());
        }
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new PollPolicy(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertThrows(IllegalArgumentException.class, () -> new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(2)));
    }
}
