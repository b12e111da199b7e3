/**
 * zsmalloc's idea: compressed objects in size classes packed into off-heap chunks, addressed by
 * {@code long} handles, compacted by moving objects and repointing their owners.
 */
package dev.acomp.zswap.alloc;
