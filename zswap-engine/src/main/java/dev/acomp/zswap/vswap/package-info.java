/**
 * Virtual swap space (seed 001): clusters of descriptors, each cluster with its own lock, descriptors
 * kept as parallel primitive arrays.
 */
package dev.acomp.zswap.vswap;
