package dev.acomp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.AcompRequest;
import dev.acomp.api.DriverInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin jars dropped in a folder are found without a class path of their own. */
class PluginsTest {
    private static final String PROVIDER = """
            package vendor;
            public final class PluginProvider implements dev.acomp.api.spi.AcompProvider {
                public java.util.List<dev.acomp.api.spi.AcompDriver> drivers() {
                    return java.util.List.of(dev.acomp.testing.FakeDriver.builder().name("vendor-copy")
                            .algorithm("vendorcopy").codec(dev.acomp.testing.FakeDriver.Codec.COPY).build());
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aPluginJarInTheFolderIsListedAndUsable() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("plugins"));
        pluginJar(folder.resolve("vendor.jar"));
        Plugins plugins = Plugins.of(new String[] {"backends", Plugins.OPTION, folder.toString()}, Map.of(), null);
        assertArrayEquals(new String[] {"backends"}, plugins.arguments());
        AcompRegistry registry = plugins.registry(getClass().getClassLoader());
        DriverInfo info = find(registry, "vendor-copy");
        assertTrue(info.available(), info.toString());
        try (Acomp acomp = registry.allocate("vendorcopy"); AcompRequest request = acomp.newRequest()) {
            ByteBuffer out = ByteBuffer.allocate(8);
            assertEquals(5, request.compress(ByteBuffer.wrap("pages".getBytes(StandardCharsets.US_ASCII)), out));
        }
    }

    @Test
    void theFolderBesideTheJarAndTheEnvironmentAreSearched() throws IOException {
        Path jar = Files.createFile(dir.resolve("zswap.jar"));
        Path beside = Files.createDirectories(dir.resolve("plugins"));
        pluginJar(beside.resolve("a.jar"));
        Path fromEnv = Files.createDirectories(dir.resolve("env"));
        Files.createFile(fromEnv.resolve("b.jar"));
        Plugins plugins = Plugins.of(new String[] {"run"}, Map.of(Plugins.ENV, fromEnv.toString()), jar);
        assertEquals(List.of(beside.resolve("a.jar"), fromEnv.resolve("b.jar")), plugins.jars());
    }

    @Test
    void aPluginThatFailsToLoadIsListedUnavailableWithItsCause() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("broken"));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(folder.resolve("broken.jar")))) {
            jar.putNextEntry(new JarEntry("META-INF/services/dev.acomp.api.spi.AcompProvider"));
            jar.write("vendor.MissingProvider\n".getBytes(StandardCharsets.US_ASCII));
        }
        AcompRegistry registry = Plugins.of(new String[] {Plugins.OPTION, folder.toString()}, Map.of(), null)
                .registry(getClass().getClassLoader());
        DriverInfo info = find(registry, "vendor.MissingProvider");
        assertFalse(info.available());
        assertTrue(info.cause().contains("vendor.MissingProvider"), info.cause());
        assertTrue(registry.drivers().stream().anyMatch(d -> d.driver().equals("lz4-generic") && d.available()),
                "the other drivers still load");
    }

    @Test
    void aMissingPluginFolderIsAUsageError() {
        UsageException e = assertThrows(UsageException.class,
                () -> Plugins.of(new String[] {Plugins.OPTION, dir.resolve("nope").toString()}, Map.of(), null));
        assertTrue(e.getMessage().contains("not a folder"), e.getMessage());
        assertThrows(UsageException.class, () -> Plugins.of(new String[] {Plugins.OPTION}, Map.of(), null));
    }

    private static DriverInfo find(AcompRegistry registry, String driver) {
        return registry.drivers().stream().filter(d -> d.driver().equals(driver)).findFirst()
                .orElseThrow(() -> new AssertionError(driver + " not in " + registry.drivers()));
    }

    /** Compiles the vendor provider against the test class path and jars it with its services file. */
    private void pluginJar(Path jarFile) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/vendor")).resolve("PluginProvider.java");
        Files.writeString(src, PROVIDER);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.toString());
        assertEquals(0, rc, "javac");
        try (OutputStream out = Files.newOutputStream(jarFile); JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry("vendor/PluginProvider.class"));
            jar.write(Files.readAllBytes(classes.resolve("vendor/PluginProvider.class")));
            jar.putNextEntry(new JarEntry("META-INF/services/dev.acomp.api.spi.AcompProvider"));
            jar.write("vendor.PluginProvider\n".getBytes(StandardCharsets.US_ASCII));
        }
    }
}
