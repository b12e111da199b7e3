package dev.acomp.qpl.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * libqpl, loaded and bound once per class loader (JNA registers {@link QplNative} only once): either
 * loaded, or not, with the cause. Never throws.
 */
public final class QplLibrary {
    /** System property naming the library file. */
    public static final String LIBRARY_PROPERTY = "acomp.qpl.library";
    /** Environment variable naming the library file, when the property is unset. */
    public static final String LIBRARY_ENV = "ACOMP_QPL_LIBRARY";
    /** The name looked up on the library search path otherwise. */
    public static final String SONAME = "libqpl.so.1";

    private final IllegalStateException cause;

    private QplLibrary(IllegalStateException cause) {
        this.cause = cause;
    }

    /** The library of this class loader, loaded on first use. */
    public static QplLibrary get() {
        return Holder.LIBRARY;
    }

    private static final class Holder {
        static final QplLibrary LIBRARY = load();
    }

    private static QplLibrary load() {
        String property = System.getProperty(LIBRARY_PROPERTY);
        String env = System.getenv(LIBRARY_ENV);
        String name;
        String from;
        if (property != null && !property.isBlank()) {
            name = property;
            from = "system property " + LIBRARY_PROPERTY;
        } else if (env != null && !env.isBlank()) {
            name = env;
            from = "environment variable " + LIBRARY_ENV;
        } else {
            name = SONAME;
            from = "the library search path";
        }
        if (!name.equals(SONAME) && !Files.isRegularFile(Path.of(name))) {
            return failed("library not found: " + name + " (named by " + from + ")");
        }
        NativeLibrary library;
        try {
            library = NativeLibrary.getInstance(name);
        } catch (LinkageError e) {
            return failed((name.equals(SONAME) ? "library not found: " : "library cannot be loaded: ") + name
                    + " from " + from + " (install libqpl1 on Ubuntu or "
                    + "intel-qpl on Fedora, or set -D" + LIBRARY_PROPERTY + "=/path/to/libqpl.so.1): "
                    + firstLine(e.getMessage()));
        }
        try {
            Native.register(QplNative.class, library);
        } catch (LinkageError e) {
            return failed("library " + name + " lacks the QPL 1.x job API (too old?): " + firstLine(e.getMessage()));
        }
        String version = QplNative.qpl_get_library_version().getString(0);
        if (!version.startsWith("1.")) {
            return failed("library " + name + " is QPL " + version + "; this driver needs QPL 1.x");
        }
        return new QplLibrary(null);
    }

    private static QplLibrary failed(String message) {
        return new QplLibrary(new IllegalStateException(message));
    }

    /**
     * The first line of a loader message that says something: JNA heads its message with "Unable to load
     * library 'x':" and puts the dynamic loader's reason on the next line.
     */
    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String[] lines = s.split("\n");
        return lines.length > 1 && lines[0].endsWith(":") ? lines[1] : lines[0];
    }

    public boolean isLoaded() {
        return cause == null;
    }

    /** Why the library could not be used, or null when it is loaded. */
    public IllegalStateException cause() {
        return cause;
    }

    /** A destination of this many bytes holds the raw DEFLATE form of {@code sourceLength} bytes. */
    int safeCompressionBufferSize(int sourceLength) {
        return QplNative.qpl_get_safe_deflate_compression_buffer_size(sourceLength);
    }
}
