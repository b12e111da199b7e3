/**
 * zsmalloc's idea: compressed objects in size classes packed into chunks of pages carved out of a few
 * big off-heap arenas, addressed by {@code long} handles, compacted by moving objects and repointing
 * their owners.
 */
package dev.acomp.zswap.alloc;
