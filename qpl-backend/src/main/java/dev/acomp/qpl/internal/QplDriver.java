package dev.acomp.qpl.internal;

import dev.acomp.api.AcompOptions;
import dev.acomp.api.spi.AcompDriver;
import dev.acomp.api.spi.AcompTransform;

/**
 * A deflate driver on one QPL path: {@code deflate-iaa} on the hardware path (IAA), {@code deflate-qpl}
 * on the software path. Whether it can run here is found once, on first ask, by setting up one job.
 */
public final class QplDriver implements AcompDriver {
    static final String ALGORITHM = "deflate";
    public static final String IAA = "deflate-iaa";
    public static final String SOFTWARE = "deflate-qpl";
    private static final int IAA_PRIORITY = 300;
    private static final int SOFTWARE_PRIORITY = 150;

    private final QplLibrary library;
    private final String name;
    private final int priority;
    private final int path;
    private volatile Availability availability;

    private record Availability(Throwable cause) {
    }

    private QplDriver(QplLibrary library, String name, int priority, int path) {
        this.library = library;
        this.name = name;
        this.priority = priority;
        this.path = path;
    }

    /** deflate on IAA: available where a hardware-path job initialises. */
    public static QplDriver hardware(QplLibrary library) {
        return new QplDriver(library, IAA, IAA_PRIORITY, QplJob.PATH_HARDWARE);
    }

    /** deflate on QPL's software path: available wherever libqpl loads. */
    public static QplDriver software(QplLibrary library) {
        return new QplDriver(library, SOFTWARE, SOFTWARE_PRIORITY, QplJob.PATH_SOFTWARE);
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public int maxBatchSize() {
        return QplSettings.MAX_BATCH_SIZE;
    }

    @Override
    public Throwable cause() {
        return availability().cause();
    }

    private Availability availability() {
        Availability a = availability;
        if (a == null) {
            synchronized (this) {
                a = availability;
                if (a == null) {
                    a = probe();
                    availability = a;
                }
            }
        }
        return a;
    }

    private Availability probe() {
        if (!library.isLoaded()) {
            return new Availability(library.cause());
        }
        try {
            QplJob.open(path).close();
            return new Availability(null);
        } catch (QplInitException e) {
            return new Availability(new IllegalStateException(e.getMessage(), e));
        }
    }

    @Override
    public AcompTransform<?> allocate(AcompOptions options) {
        ensureAvailability();
        return new QplAcomp(library, name, path, options);
    }

    @Override
    public String toString() {
        return name + " (priority " + priority + ", " + (isAvailable() ? "available" : cause().getMessage()) + ")";
    }
}
