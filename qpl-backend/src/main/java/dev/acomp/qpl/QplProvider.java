package dev.acomp.qpl;

import dev.acomp.api.spi.AcompDriver;
import dev.acomp.api.spi.AcompProvider;
import dev.acomp.qpl.internal.QplDriver;
import dev.acomp.qpl.internal.QplLibrary;
import java.util.List;

/**
 * The drivers of Intel QPL (libqpl.so.1): {@code deflate-iaa} (priority 300) runs on IAA through
 * QPL's hardware path and is available only where a hardware job initialises; {@code deflate-qpl}
 * (priority 150) runs on QPL's software path wherever libqpl loads. Both produce raw DEFLATE.
 *
 * <p>The library is looked up at the system property {@code acomp.qpl.library} (a path), then the
 * environment variable {@code ACOMP_QPL_LIBRARY}, then as {@code libqpl.so.1} on the library search
 * path. Transform options: {@code qpl.completion} = {@code poll} (default: the submitting thread polls
 * its jobs) or {@code poller} (a completion thread per transform runs the callbacks);
 * {@code qpl.fallback} = {@code software} (default: busy queues, page faults and device errors are
 * redone on QPL's software path) or {@code none} (they fail the unit with a typed error);
 * {@code qpl.busy_resubmits} (default 16): resubmits of a job refused by full queues.
 */
public final class QplProvider implements AcompProvider {

    @Override
    public List<AcompDriver> drivers() {
        QplLibrary library = QplLibrary.get();
        return List.of(QplDriver.hardware(library), QplDriver.software(library));
    }
}
