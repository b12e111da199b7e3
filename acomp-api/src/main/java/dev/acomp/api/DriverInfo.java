package dev.acomp.api;

/**
 * One line of the registry's table, as {@code /proc/crypto}: the algorithm, the driver, its priority
 * and batch size, and whether it can run here, with the reason when it cannot.
 */
public record DriverInfo(String algorithm, String driver, int priority, int maxBatchSize, boolean available,
        String cause) {
}
