package dev.portcullis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.lab.Shell;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Windows checkout (core.autocrlf=true) or a copy edited on Windows turns the template into CRLF;
 * the script still has to be LF, since bash on the server refuses {@code \r}.
 */
class ScriptLineEndingsTest {

    private static final String RESOURCE = "dev/portcullis/rules/" + ScriptGenerator.TEMPLATE;

    private static String lfTemplate() throws IOException {
        try (InputStream in = ScriptGenerator.class.getResourceAsStream(ScriptGenerator.TEMPLATE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }

    @Test
    void theTemplateInTheRepositoryIsLf() throws IOException {
        assertFalse(lfTemplate().contains("\r"), RESOURCE + " holds CR: .gitattributes must keep it LF");
    }

    /** What a checkout with core.autocrlf=true (Git for Windows' default) does to each kind of file. */
    @Test
    void gitChecksOutScriptsLfEverywhereAndOnlyTheBatchWrapperCrlf() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of(".git")) || Files.isRegularFile(Path.of(".git")),
                "not a git checkout: .gitattributes cannot be asked");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("src/main/resources/" + RESOURCE, "eol: lf");
        expected.put("mvnw", "eol: lf");
        expected.put(".ci/run", "eol: lf");
        expected.put("installers/verify-deb.sh", "eol: lf");
        expected.put("installers/linux/resources/postinst", "eol: lf");
        expected.put("src/main/resources/db/migration/V1__initial_schema.sql", "eol: lf");
        expected.put("src/main/resources/dev/portcullis/ui/i18n/messages_fa.properties", "eol: lf");
        expected.put("src/main/java/dev/portcullis/Main.java", "eol: lf");
        expected.put("mvnw.cmd", "eol: crlf");
        expected.put("icons/portcullis.ico", "text: unset");
        expected.put("src/main/resources/dev/portcullis/icons/portcullis-16.png", "text: unset");
        // safe.directory: CI may run the tests as root in a checkout that another user owns.
        List<String> command = new ArrayList<>(List.of("git", "-c", "safe.directory=*", "-c", "core.autocrlf=true",
                "check-attr", "text", "eol", "--"));
        command.addAll(expected.keySet());
        Shell.Result attrs = Shell.exec(null, 30, command.toArray(String[]::new));
        assertEquals(0, attrs.exitCode(), attrs.stderr());
        expected.forEach((path, attr) -> assertTrue(attrs.stdout().contains(path + ": " + attr), path + " should have "
                + attr + ":\n" + attrs.stdout()));
    }

    @Test
    void aCrlfTemplateGivesTheSameLfScript() throws IOException {
        List<LimitEntry> entries = List.of(LimitEntry.of(443, LimitMode.DEVICES, 2).withLabel("علی"),
                LimitEntry.of(8443, LimitMode.CONNECTIONS, 5).withLabel("张三"));
        String crlfTemplate = crlf(lfTemplate());
        assertTrue(crlfTemplate.contains("@@LIMITS_CONF@@\r\n"));

        String script = new ScriptGenerator(crlfTemplate).generate("vps-1", entries);

        assertFalse(script.contains("\r"), "no CR in the script");
        assertFalse(script.contains("@@"), "every placeholder found and replaced");
        assertEquals(new ScriptGenerator().generate("vps-1", entries), script);
        String oldMac = lfTemplate().replace('\n', '\r');
        assertEquals(script, new ScriptGenerator(oldMac).generate("vps-1", entries));
    }

    @Test
    void aLabelWithCrlfNeverPutsCrIntoTheScript() throws IOException {
        ValidationException refused = assertThrows(ValidationException.class, () -> new ScriptGenerator()
                .generate("vps-1", List.of(LimitEntry.of(443, LimitMode.DEVICES, 2).withLabel("alice\r\n"))));
        assertTrue(refused.getMessage().contains("label"), refused.getMessage());
        for (String label : LimitsConfTest.HOSTILE_LABELS) {
            String script = new ScriptGenerator(crlf(lfTemplate()))
                    .generate("vps-1", List.of(LimitEntry.of(443, LimitMode.DEVICES, 2).withLabel(label)));
            assertFalse(script.contains("\r"), label);
        }
    }

    /**
     * The jar built from a CRLF checkout: the generator's classes with a CRLF template resource in
     * front of them on a class path of their own, loaded through the public constructor exactly as
     * the CLI and the window do.
     */
    @Test
    void theGeneratorLoadedWithACrlfTemplateResourceWorks(@TempDir Path checkout) throws Exception {
        Path template = checkout.resolve(RESOURCE);
        Files.createDirectories(template.getParent());
        Files.writeString(template, crlf(lfTemplate()), StandardCharsets.UTF_8);
        URL classes = ScriptGenerator.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader jar = new URLClassLoader(new URL[] {checkout.toUri().toURL(), classes},
                ClassLoader.getPlatformClassLoader())) {
            try (InputStream in = jar.getResourceAsStream(RESOURCE)) {
                assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\r\n"), "the CRLF copy is found first");
            }
            Class<?> generatorClass = jar.loadClass(ScriptGenerator.class.getName());
            Class<?> entryClass = jar.loadClass(LimitEntry.class.getName());
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object devices = Enum.valueOf((Class) jar.loadClass(LimitMode.class.getName()), "DEVICES");
            Object entry = entryClass.getMethod("of", int.class, devices.getClass(), int.class).invoke(null, 443, devices, 2);
            Object generator;
            try {
                generator = generatorClass.getConstructor().newInstance();
            } catch (InvocationTargetException e) {
                throw new AssertionError("the generator refused a CRLF template: " + e.getCause().getMessage(), e.getCause());
            }
            Method generate = generatorClass.getMethod("generate", String.class, List.class);
            String script = (String) generate.invoke(generator, "vps-1", List.of(entry));

            assertFalse(script.contains("\r"), "no CR in the script");
            assertEquals(new ScriptGenerator().generate("vps-1", List.of(LimitEntry.of(443, LimitMode.DEVICES, 2))), script);
        }
    }
}
