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
 * The extension's callbacks run before the class's own {@code @BeforeEach}/{@code @BeforeAll}
 * methods and after its {@code @AfterEach}/{@code @AfterAll} ones, so those may use {@link #lab()}.
 * Skips (or fails with {@code CI=true}) where the lab cannot run, as {@link Lab#create()} does.
 */
public final class LabExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private Lab lab;
    private boolean perClass;

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        lab = Lab.create();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            lab = Lab.create();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            closeAndCheck();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeAndCheck();
    }

    /** The running lab; only between the callbacks above. */
    public Lab lab() {
        if (lab == null) {
            throw new IllegalStateException("no lab: use it from a test or a @BeforeEach/@BeforeAll method");
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
