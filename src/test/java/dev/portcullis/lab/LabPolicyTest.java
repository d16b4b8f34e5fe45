package dev.portcullis.lab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a skipped test fails the build: CI=true on Linux only (.ci/run and the ubuntu job run everything). */
class LabPolicyTest {

    @Test
    void underCiOnLinuxASkipIsAFailure() {
        assertTrue(Lab.skipIsFailure(Map.of("CI", "true"), "Linux"));
        assertTrue(Lab.skipIsFailure(Map.of("CI", "TRUE"), "Linux"));
    }

    @Test
    void windowsAndMacRunnersSkipWithTheirReason() {
        assertFalse(Lab.skipIsFailure(Map.of("CI", "true"), "Windows Server 2022"));
        assertFalse(Lab.skipIsFailure(Map.of("CI", "true"), "Mac OS X"));
    }

    @Test
    void outsideCiASkipIsASkip() {
        assertFalse(Lab.skipIsFailure(Map.of(), "Linux"));
        assertFalse(Lab.skipIsFailure(Map.of("CI", "false"), "Linux"));
    }
}
