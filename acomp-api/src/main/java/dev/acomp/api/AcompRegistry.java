package dev.acomp.api;

import dev.acomp.api.spi.AcompDriver;
import dev.acomp.api.spi.AcompProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The drivers known to this JVM, as the kernel's crypto API: {@link #allocate(String)} takes an
 * algorithm name ({@code "deflate"}: the available driver with the highest priority) or a driver name
 * ({@code "deflate-generic"}: that driver). Immutable once built.
 */
public final class AcompRegistry {
    private static final Comparator<AcompDriver> ORDER = Comparator.comparing(AcompDriver::algorithm)
            .thenComparing(Comparator.comparingInt(AcompDriver::priority).reversed())
            .thenComparing(AcompDriver::name);

    private final List<AcompDriver> drivers;

    private AcompRegistry(List<AcompDriver> drivers) {
        List<AcompDriver> sorted = new ArrayList<>(drivers);
        sorted.sort(ORDER);
        TreeSet<String> names = new TreeSet<>();
        for (AcompDriver d : sorted) {
            if (!names.add(d.name())) {
                throw new IllegalArgumentException("two drivers are named " + d.name());
            }
        }
        this.drivers = List.copyOf(sorted);
    }

    /** Every provider visible to the loader of this class (module path and class path). */
    public static AcompRegistry load() {
        return load(ServiceLoader.load(AcompProvider.class, AcompRegistry.class.getClassLoader()));
    }

    /** Every provider visible to {@code loader}. */
    public static AcompRegistry load(ClassLoader loader) {
        return load(ServiceLoader.load(AcompProvider.class, loader));
    }

    /**
     * A provider that cannot be loaded (its class or a dependency missing, its constructor or
     * {@code drivers()} throwing) does not stop the others: it is listed as an unavailable driver named
     * after it, with what went wrong as the cause.
     */
    private static AcompRegistry load(ServiceLoader<AcompProvider> loader) {
        List<AcompDriver> all = new ArrayList<>();
        Iterator<ServiceLoader.Provider<AcompProvider>> providers = loader.stream().iterator();
        while (true) {
            ServiceLoader.Provider<AcompProvider> p;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                p = providers.next();
            } catch (ServiceConfigurationError e) {
                all.add(new UnloadableProvider(providerName(e), e));
                continue;
            }
            try {
                all.addAll(p.get().drivers());
            } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                all.add(new UnloadableProvider(p.type().getName(), e));
            }
        }
        return new AcompRegistry(all);
    }

    /** The provider class a ServiceLoader error names ("dev.acomp.api.spi.AcompProvider: Provider X not found"). */
    private static String providerName(ServiceConfigurationError e) {
        String m = String.valueOf(e.getMessage());
        int at = m.indexOf("Provider ");
        if (at >= 0) {
            String rest = m.substring(at + "Provider ".length());
            int end = rest.indexOf(' ');
            return end > 0 ? rest.substring(0, end) : rest;
        }
        return "unknown provider";
    }

    /** A registry of exactly these drivers. */
    public static AcompRegistry of(List<? extends AcompDriver> drivers) {
        return new AcompRegistry(new ArrayList<>(drivers));
    }

    /** A registry of exactly these drivers. */
    public static AcompRegistry of(AcompDriver... drivers) {
        return of(List.of(drivers));
    }

    /** Every driver, by algorithm then priority, highest first. */
    public List<DriverInfo> drivers() {
        List<DriverInfo> out = new ArrayList<>(drivers.size());
        for (AcompDriver d : drivers) {
            boolean available = d.isAvailable();
            Throwable cause = available ? null : d.cause();
            out.add(new DriverInfo(d.algorithm(), d.name(), d.priority(), d.maxBatchSize(), available,
                    available ? null : describe(cause)));
        }
        return out;
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "unavailable (no cause given)";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    /**
     * The driver named {@code name}, or else the available driver with the highest priority for the
     * algorithm {@code name}. Throws {@link UnknownAlgorithmException} when neither exists and
     * {@link DriverUnavailableException} when a named driver, or every driver of the algorithm, is
     * unavailable.
     */
    public AcompDriver driver(String name) {
        AcompDriver unavailable = null;
        for (AcompDriver d : drivers) {
            if (d.name().equals(name)) {
                d.ensureAvailability();
                return d;
            }
        }
        for (AcompDriver d : drivers) {
            if (d.algorithm().equals(name)) {
                if (d.isAvailable()) {
                    return d;
                }
                if (unavailable == null) {
                    unavailable = d;
                }
            }
        }
        if (unavailable != null) {
            throw new DriverUnavailableException(name + " (best driver " + unavailable.name() + ")",
                    unavailable.cause());
        }
        TreeSet<String> known = new TreeSet<>();
        for (AcompDriver d : drivers) {
            known.add(d.algorithm());
            known.add(d.name());
        }
        throw new UnknownAlgorithmException(name, known);
    }

    /** A transform for an algorithm or driver name with default options (kernel: crypto_alloc_acomp). */
    public Acomp allocate(String name) {
        return allocate(name, AcompOptions.defaults());
    }

    public Acomp allocate(String name, AcompOptions options) {
        return allocate(driver(name), options);
    }

    /** A transform of {@code driver} itself, whether or not a registry holds it (a plugin's own tests). */
    public static Acomp allocate(AcompDriver driver, AcompOptions options) {
        return new Acomp(driver, driver.allocate(options), options);
    }
}
