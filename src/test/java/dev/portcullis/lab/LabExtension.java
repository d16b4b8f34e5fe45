package dev.portcullis.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link Lab} for a test class, created before and closed after, with the check that nothing of
 * it is left behind (namespaces, links into the test JVM's namespace).
 *
 * <pre>
 * &#64;RegisterExtension final LabExtension labs = new LabExtension();        // a fresh lab per test
 * &#64;RegisterExtension static final LabExtension labs = new LabExtension(); // one lab for the class
 * </pre>
 * A non-static field in a {@code @TestInstance(PER_CLASS)} class also gives one lab for the class.
 * The lab is created by the first call of {@link #lab()}, so a test that never asks for it (a
 * class's tests without a server) runs without one. The extension's callbacks run before the
 * class's own {@code @BeforeEach}/{@code @BeforeAll} methods and after its
 * {@code @AfterEach}/{@code @AfterAll} ones, so those may use {@link #lab()}.
 * {@link #lab()} skips (or fails with {@code CI=true}) where the lab cannot run, as {@link Lab#create()} does.
 */
public final class LabExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private Lab lab;
    private boolean perClass;
    private boolean active;

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        active = true;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        active = true;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            active = false;
            closeAndCheck();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        active = false;
        closeAndCheck();
    }

    /** The running lab, created on the first call; only between the callbacks above. */
    public Lab lab() {
        if (!active) {
            throw new IllegalStateException("no lab: use it from a test or a @BeforeEach/@BeforeAll method");
        }
        if (lab == null) {
            lab = Lab.create();
        }
        return lab;
    }

    private void closeAndCheck() {
        if (lab == null) {
            return;
        }
        try {
            lab.close();
        } finally {
            lab = null;
        }
        assertTrue(Lab.leftoverNamespaces().isEmpty(), "namespaces left: " + Lab.leftoverNamespaces());
        assertTrue(Lab.leftoverLinks().isEmpty(), "links left: " + Lab.leftoverLinks());
    }
}
