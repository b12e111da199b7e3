/**
 * A zswap-style compressed page store: {@link dev.acomp.zswap.ZswapEngine} over a
 * {@link dev.acomp.zswap.ZswapConfig}, with counters in {@link dev.acomp.zswap.ZswapStats} (also over JMX).
 * The parts mirror Linux's: pools of per-CPU compression contexts (seed 000), virtual swap clusters of
 * descriptors (seed 001), a zsmalloc-style allocator, and an LRU whose shrinker writes entries back to a
 * file still compressed (seed 002).
 */
package dev.acomp.zswap;
