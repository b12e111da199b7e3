package dev.acomp.cli;

import dev.acomp.api.AcompRegistry;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Driver plugins for {@code zswap}: every jar in the {@code plugins/} folder beside {@code zswap.jar}, in
 * each folder of {@value #ENV} (separated by {@link File#pathSeparator}), and in the folder of each
 * {@value #OPTION} option, is put on one class loader over the CLI's own, so a plugin and the jars it
 * depends on are dropped in side by side. A plugin that fails to load is listed unavailable with its cause.
 */
public final class Plugins {
    /** The command-line option naming a plugin folder; it may stand anywhere and be repeated. */
    public static final String OPTION = "--plugins";
    /** The environment variable naming plugin folders. */
    public static final String ENV = "ACOMP_PLUGINS";

    private final List<Path> folders;
    private final List<Path> named;
    private final List<String> rest;

    private Plugins(List<Path> folders, List<Path> named, List<String> rest) {
        this.folders = folders;
        this.named = named;
        this.rest = rest;
    }

    /**
     * The plugin folders for this command line: beside {@code jar} (when the CLI runs from a jar), from
     * {@code env}, and from {@value #OPTION}; the command line less those options is {@link #arguments()}.
     */
    public static Plugins of(String[] args, Map<String, String> env, Path jar) {
        List<Path> all = new ArrayList<>();
        if (jar != null && Files.isRegularFile(jar) && jar.getParent() != null) {
            all.add(jar.getParent().resolve("plugins"));
        }
        List<Path> folders = new ArrayList<>();
        String fromEnv = env.get(ENV);
        if (fromEnv != null) {
            for (String f : fromEnv.split(File.pathSeparator)) {
                if (!f.isBlank()) {
                    folders.add(Path.of(f));
                }
            }
        }
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(OPTION)) {
                if (i + 1 == args.length) {
                    throw new UsageException(OPTION + " needs a folder");
                }
                Path folder = Path.of(args[++i]);
                if (!Files.isDirectory(folder)) {
                    throw new UsageException(OPTION + " " + folder + ": not a folder");
                }
                folders.add(folder);
            } else {
                rest.add(args[i]);
            }
        }
        all.addAll(folders);
        return new Plugins(List.copyOf(all), List.copyOf(folders), List.copyOf(rest));
    }

    /**
     * The folders named by {@value #ENV} and {@value #OPTION}: a JVM forked from this one ({@code compare})
     * gets them as its {@value #ENV} and finds the one beside the jar itself.
     */
    public List<Path> namedFolders() {
        return named;
    }

    /** The command line without the plugin options. */
    public String[] arguments() {
        return rest.toArray(new String[0]);
    }

    /** Every plugin jar found, in folder order, then by name. Missing folders hold none. */
    public List<Path> jars() {
        List<Path> jars = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> s = Files.list(folder)) {
                s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted()
                        .forEach(jars::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list plugin folder " + folder, e);
            }
        }
        return jars;
    }

    /** The registry of the CLI's own drivers and every plugin's. */
    public AcompRegistry registry(ClassLoader parent) {
        List<Path> jars = jars();
        if (jars.isEmpty()) {
            return AcompRegistry.load(parent);
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
        // Lives as long as the CLI: its drivers' classes come from it.
        return AcompRegistry.load(new URLClassLoader("acomp-plugins", urls, parent));
    }

    /** Where this class was loaded from, when that is a jar file ({@code zswap.jar}). */
    public static Path ownJar() {
        try {
            var source = Plugins.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (Exception e) {
            return null;
        }
    }
}
