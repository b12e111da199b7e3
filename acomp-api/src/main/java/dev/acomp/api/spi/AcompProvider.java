package dev.acomp.api.spi;

import java.util.List;

/**
 * Found by {@link java.util.ServiceLoader}: declare it with {@code provides} in module-info and in
 * {@code META-INF/services/dev.acomp.api.spi.AcompProvider}. Loading a provider must not fail when its
 * native part is missing: its drivers report unavailable with the cause instead.
 */
public interface AcompProvider {
    List<AcompDriver> drivers();
}
