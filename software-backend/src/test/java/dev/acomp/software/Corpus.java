package dev.acomp.software;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The corpus files, under the {@code acomp.shared.dir} the build passes to every test JVM. (hw-tests'
 * SharedData cannot be used here: hw-tests depends on this module.)
 */
public final class Corpus {
    private Corpus() {
    }

    public static List<Path> files() {
        String dir = System.getProperty("acomp.shared.dir");
        if (dir == null) {
            throw new IllegalStateException("system property acomp.shared.dir is not set (the Maven build sets it)");
        }
        try (Stream<Path> s = Files.walk(Path.of(dir, "data", "corpus"))) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
