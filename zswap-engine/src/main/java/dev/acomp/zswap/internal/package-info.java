/**
 * The engine's workings, not exported.
 *
 * <p>Lock order: a compression context, then a cluster, then an LRU shard or an allocator size class.
 * Writeback holds the cluster lock only to encode and to commit a record, never during file IO, and
 * takes entries off the LRU under the shard lock alone, checking the entry's generation afterwards under
 * the cluster lock (zswap's "verify it is still in the tree").
 */
package dev.acomp.zswap.internal;
