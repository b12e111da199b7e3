package dev.acomp.zswap.alloc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ZsPoolTest {
    private static final int PAGE = 4096;
    private final DirectBuffers memory = new DirectBuffers();

    private static ByteBuffer payload(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return ByteBuffer.wrap(b);
    }

    /** {@code bytes} rounded up to whole arena blocks. */
    private static long blocks(long bytes) {
        return (bytes + Arenas.BLOCK_BYTES - 1) / Arenas.BLOCK_BYTES * Arenas.BLOCK_BYTES;
    }

    /** Owners that are indexes into {@code handles} (0 for none), each repointed when its object moves. */
    private static ObjectOwners ownersIn(long[] handles) {
        return mover -> {
            for (int i = 0; i < handles.length; i++) {
                if (handles[i] != 0) {
                    handles[i] = mover.applyAsLong(handles[i]);
                }
            }
        };
    }

    private static byte[] read(ZsPool pool, long handle) {
        ByteBuffer out = ByteBuffer.allocate(pool.length(handle));
        pool.read(handle, out, 0);
        return out.array();
    }

    @Test
    void sizesRoundUpToClassSpacingAndClassesLaidOutAlikeAreMerged() {
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            assertEquals(32, pool.objectSize(1));
            assertEquals(32, pool.objectSize(32));
            assertEquals(64, pool.objectSize(33));
            assertEquals(PAGE, pool.objectSize(PAGE));
            assertThrows(IllegalArgumentException.class, () -> pool.objectSize(PAGE + 1));
            assertThrows(IllegalArgumentException.class, () -> pool.objectSize(0));
            int distinct = 0;
            for (int size = 1; size <= PAGE; size++) {
                int objectSize = pool.objectSize(size);
                int chunkBytes = pool.pagesPerChunk(size) * ZsPool.PAGE_BYTES;
                assertTrue(objectSize >= size && objectSize % ZsPool.CLASS_SPACING == 0, "size " + size);
                assertTrue(pool.pagesPerChunk(size) <= ZsPool.MAX_PAGES_PER_CHUNK);
                assertEquals(chunkBytes / objectSize, pool.objectsPerChunk(size), "whole objects per chunk");
                // Merged: the next spacing step up is laid out the same, so it takes no more memory.
                int rounded = (size + ZsPool.CLASS_SPACING - 1) / ZsPool.CLASS_SPACING * ZsPool.CLASS_SPACING;
                assertEquals(chunkBytes / rounded, pool.objectsPerChunk(size), "size " + size);
                if (size > 1 && size % ZsPool.CLASS_SPACING == 1 && pool.objectSize(size) != pool.objectSize(size - 1)) {
                    distinct++;
                }
            }
            assertEquals(distinct + 1, pool.classCount());
            assertTrue(pool.classCount() < PAGE / ZsPool.CLASS_SPACING, "some classes merged");
        }
    }

    @Test
    void objectsOfEveryClassRoundTripAndFreeingReleasesChunks() {
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            Map<Long, byte[]> stored = new HashMap<>();
            long bytes = 0;
            for (int size = 1; size <= PAGE; size += 13) {
                ByteBuffer p = payload(size, size);
                long h = pool.malloc(size, 0, 0);
                assertTrue(Handle.isValid(h));
                pool.write(h, p);
                stored.put(h, p.array());
                bytes += size;
            }
            assertEquals(bytes, pool.storedBytes());
            assertEquals(stored.size(), pool.objectCount());
            assertTrue(pool.poolBytes() >= bytes);
            assertTrue(pool.reservedBytes() >= pool.poolBytes());
            assertEquals(pool.reservedBytes(), memory.allocatedBytes());
            stored.forEach((h, p) -> assertArrayEquals(p, read(pool, h), Handle.toString(h)));
            stored.keySet().forEach(pool::free);
            assertEquals(0, pool.storedBytes());
            assertEquals(0, pool.poolBytes());
            assertEquals(0, pool.chunkCount());
            assertEquals(0, pool.reservedBytes());
            assertEquals(0, memory.allocatedBytes());
        }
    }

    @Test
    void writeOfTheWrongLengthIsRefused() {
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            long h = pool.malloc(100, 0, 0);
            assertThrows(IllegalArgumentException.class, () -> pool.write(h, payload(99, 1)));
            pool.free(h);
            assertThrows(IllegalStateException.class, () -> pool.free(h));
        }
    }

    @Test
    void mallocFailsOverTheCap() {
        try (ZsPool pool = new ZsPool(PAGE, 3 * PAGE + 100, memory)) {
            assertNotEquals(0, pool.malloc(PAGE, 0, 0));
            assertNotEquals(0, pool.malloc(PAGE, 0, 0));
            assertNotEquals(0, pool.malloc(PAGE, 0, 0));
            assertEquals(0, pool.malloc(PAGE, 0, 0));
            assertEquals(0, pool.malloc(10, 0, 0));
            assertEquals(3 * PAGE, pool.poolBytes());
            assertEquals(3 * PAGE, pool.reservedBytes());
            assertEquals(3, pool.objectCount());
        }
    }

    @Test
    void reservedArenaBytesNeverPassTheCapTheLastArenaIsCutToFit() {
        int arenaPages = Arenas.ARENA_BYTES / ZsPool.PAGE_BYTES;
        long cap = Arenas.ARENA_BYTES + 2L * ZsPool.PAGE_BYTES;
        try (ZsPool pool = new ZsPool(PAGE, cap, memory)) {
            long[] handles = new long[arenaPages + 2];
            for (int i = 0; i < handles.length; i++) {
                handles[i] = pool.malloc(PAGE, 0, 0);
                assertNotEquals(0, handles[i], "object " + i);
            }
            assertEquals(cap, pool.reservedBytes(), "a full arena and one cut to what the cap leaves");
            assertEquals(2, pool.arenaCount());
            assertEquals(0, pool.malloc(PAGE, 0, 0));
            assertEquals(0, pool.malloc(100, 0, 0));

            pool.free(handles[5]);
            assertEquals(cap - PAGE, pool.poolBytes());
            assertEquals(cap, pool.reservedBytes(), "a free page stays reserved");
            long again = pool.malloc(PAGE, 0, 0);
            assertNotEquals(0, again, "the free page is reused without a new arena");
            assertEquals(cap, pool.reservedBytes());
            assertEquals(cap, memory.allocatedBytes());
        }
    }

    @Test
    void largeObjectsShareChunksAndTakeBlocksAsTheyFill() {
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            int size = 2240;
            int perChunk = pool.objectsPerChunk(size);
            int pages = pool.pagesPerChunk(size);
            assertTrue(perChunk > pages, perChunk + " objects of " + size + " B in " + pages + " pages");
            assertTrue(perChunk * pool.objectSize(size) > (pages * ZsPool.PAGE_BYTES) * 97L / 100,
                    "under 3 % of a chunk left over");
            long[] handles = new long[perChunk + 1];
            for (int i = 0; i < handles.length; i++) {
                handles[i] = pool.malloc(size, 0, 0);
                pool.write(handles[i], payload(size, i));
                // Blocks as the objects reach them, in the first chunk and then in the second.
                long firstEnd = (long) Math.min(i + 1, perChunk) * pool.objectSize(size);
                long secondEnd = i < perChunk ? 0 : pool.objectSize(size);
                assertEquals(blocks(firstEnd) + blocks(secondEnd), pool.poolBytes(), "after object " + i);
            }
            for (int i = 1; i < perChunk; i++) {
                assertEquals(Handle.chunk(handles[0]), Handle.chunk(handles[i]));
            }
            assertNotEquals(Handle.chunk(handles[0]), Handle.chunk(handles[perChunk]));
            assertEquals(2, pool.chunkCount());
            assertEquals(1, pool.arenaCount());
            for (int i = 0; i < handles.length; i++) {
                // Each straddles blocks.
                assertArrayEquals(payload(size, i).array(), read(pool, handles[i]), "object " + i);
            }
        }
    }

    @Test
    void objectsOfManyClassesStoredTogetherFillTheirChunksAndNoChunkIsCapped() {
        // Every class's last chunk fills slowly while the others take blocks of the same arenas: each chunk
        // must still find its later blocks on its homes (a capped chunk wastes the tail of its blocks).
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            Random random = new Random(11);
            Map<Integer, Integer> objectsBySize = new HashMap<>();
            for (int i = 0; i < 40_000; i++) {
                int size = 100 + random.nextInt(PAGE - 100);
                assertNotEquals(0, pool.malloc(size, 0, 0));
                objectsBySize.merge(pool.objectSize(size), 1, Integer::sum);
            }
            long packed = 0;
            for (Map.Entry<Integer, Integer> e : objectsBySize.entrySet()) {
                int size = e.getKey();
                int perChunk = pool.objectsPerChunk(size);
                long chunkBytes = (long) pool.pagesPerChunk(size) * ZsPool.PAGE_BYTES;
                packed += e.getValue() / perChunk * chunkBytes + blocks((long) e.getValue() % perChunk * size);
            }
            assertEquals(packed, pool.poolBytes(), "full chunks, and each class's last one to its last block");
            long lastChunks = (long) objectsBySize.size() * ZsPool.MAX_PAGES_PER_CHUNK * ZsPool.PAGE_BYTES;
            assertTrue(pool.reservedBytes() <= pool.poolBytes() + lastChunks + Arenas.ARENA_BYTES,
                    "arenas reserved " + pool.reservedBytes() + " for pool " + pool.poolBytes());
        }
    }

    /** The bytes from position to limit, which stay as they were. */
    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(b.position(), out);
        return out;
    }

    /**
     * Stores objects of random sizes from {@code min} to a page, object i with payload {@code seed + i};
     * fills {@code sizes} and returns the handles.
     */
    private static long[] storeRandomSizes(ZsPool pool, int[] sizes, Random random, int min, long seed) {
        long[] handles = new long[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = min + random.nextInt(PAGE - min);
            handles[i] = pool.malloc(sizes[i], 0, 0);
            pool.write(handles[i], payload(sizes[i], seed + i));
        }
        return handles;
    }

    /** Reads each object through {@link ZsPool#readBegin}; returns how many were read in place. */
    private static int readEachInPlace(ZsPool pool, long[] handles, int[] sizes, long seed) {
        ByteBuffer copy = ByteBuffer.allocateDirect(PAGE);
        int inPlace = 0;
        for (int i = 0; i < handles.length; i++) {
            ByteBuffer object = pool.readBegin(handles[i], 0, copy);
            assertArrayEquals(payload(sizes[i], seed + i).array(), bytes(object), "object " + i);
            inPlace += object != copy ? 1 : 0;
        }
        return inPlace;
    }

    @Test
    void objectsOfManyClassesStoredTogetherLieInTheirChunksRunsAndAreReadInPlace() {
        // Chunks of every class take blocks of the same arenas at once: without runs their blocks
        // interleave, and an object straddling blocks would be copied to be read.
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            int[] sizes = new int[5000];
            long[] handles = storeRandomSizes(pool, sizes, new Random(5), 100, 0);
            assertEquals(sizes.length, readEachInPlace(pool, handles, sizes, 0));
        }
    }

    @Test
    void aReleasedChunkWithdrawsTheClaimsOnTheRestOfItsRun() {
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            // An object that keeps the arena (an empty pool would release it, claims and all).
            long kept = pool.malloc(PAGE, 0, 0);
            // Each chunk claims a run and is released with most of it unmapped, over and over: runs left
            // claimed would soon leave no run free, and the chunks after would scatter their blocks.
            for (int round = 0; round < 4 * Arena.MAX_BLOCKS; round++) {
                int size = 1000 + 37 * (round % 80);
                long h = pool.malloc(size, 0, 0);
                pool.write(h, payload(size, round));
                pool.free(h);
            }
            assertEquals(PAGE, pool.poolBytes());
            assertEquals(1, pool.arenaCount());
            int[] sizes = new int[2000];
            long[] handles = storeRandomSizes(pool, sizes, new Random(9), 1000, 100);
            assertEquals(sizes.length, readEachInPlace(pool, handles, sizes, 100));
            pool.free(kept);
        }
    }

    @Test
    void eachReaderReadsInPlaceThroughItsOwnViewOfAnArena() {
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            long first = pool.malloc(1500, 0, 0);
            long second = pool.malloc(1500, 0, 0);
            pool.write(first, payload(1500, 1));
            pool.write(second, payload(1500, 2));
            ByteBuffer copy = ByteBuffer.allocateDirect(PAGE);
            ByteBuffer one = pool.readBegin(first, 0, copy);
            ByteBuffer two = pool.readBegin(second, 1, copy);
            assertTrue(one != copy && two != copy, "both in place");
            assertTrue(one != two, "two readers of one arena at once have two views");
            assertArrayEquals(payload(1500, 1).array(), bytes(one), "the first reader's object, as the second reads");
            assertArrayEquals(payload(1500, 2).array(), bytes(two));
            assertTrue(one == pool.readBegin(second, 0, copy), "a reader's next read reuses its view");
            assertArrayEquals(payload(1500, 2).array(), bytes(one));
            assertThrows(IllegalArgumentException.class, () -> pool.readBegin(first, -1, copy));
        }
    }

    /** {@code count} objects of {@code size} allocated through lane 0. */
    private static long[] mallocs(ZsPool pool, int size, int count) {
        long[] handles = new long[count];
        for (int i = 0; i < count; i++) {
            handles[i] = pool.malloc(size, 0, 0);
        }
        return handles;
    }

    /** Fills {@code chunks} one-page chunks of {@code size}'s class (8 objects each) through lane 0. */
    private static void fillChunks(ZsPool pool, int size, int chunks) {
        mallocs(pool, size, chunks * pool.objectsPerChunk(size));
        assertEquals(chunks, pool.chunkCount());
    }

    @Test
    void lanesStoringInTurnFillChunksOfTheirOwnOnceTheClassIsLarge() {
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            int size = 500; // 512-byte class: 8 to a one-page chunk
            assertEquals(8, pool.objectsPerChunk(size));
            long first = pool.malloc(size, 0, 0);
            long second = pool.malloc(size, 1, 0);
            assertEquals(Handle.chunk(first), Handle.chunk(second), "a small class has one lane");
            pool.free(first);
            pool.free(second);
            fillChunks(pool, size, ZsPool.LANE_CHUNKS);
            long[] handles = new long[64];
            Map<Integer, Integer> laneOfChunk = new HashMap<>();
            for (int i = 0; i < handles.length; i++) {
                // Lane 9 is lane 1 (modulo LANES): three callers, two lanes.
                int lane = i % 2 == 0 ? 0 : (i % 4 == 1 ? 1 : 1 + ZsPool.LANES);
                handles[i] = pool.malloc(size, lane, 0);
                pool.write(handles[i], payload(size, i));
                int chunkLane = laneOfChunk.computeIfAbsent(Handle.chunk(handles[i]), c -> lane % ZsPool.LANES);
                assertEquals(lane % ZsPool.LANES, chunkLane, "object " + i + " in another lane's chunk");
            }
            assertEquals(ZsPool.LANE_CHUNKS + handles.length / 8, pool.chunkCount(), "every chunk filled");
            for (int i = 0; i < handles.length; i++) {
                assertArrayEquals(payload(size, i).array(), read(pool, handles[i]), "object " + i);
            }
            assertThrows(IllegalArgumentException.class, () -> pool.malloc(size, -1, 0));
        }
    }

    @Test
    void aLaneTakesSlotsFreedInChunksNoLaneFillsBeforeOpeningOne() {
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            int size = 500;
            fillChunks(pool, size, ZsPool.LANE_CHUNKS);
            long[] handles = mallocs(pool, size, 20); // chunks of 8, 8 and 4: lane 0 fills the third
            int chunks = ZsPool.LANE_CHUNKS + 3;
            int first = Handle.chunk(handles[0]);
            pool.free(handles[1]);
            pool.free(handles[2]);
            assertEquals(first, Handle.chunk(pool.malloc(size, 1, 0)), "a freed slot taken");
            assertEquals(first, Handle.chunk(pool.malloc(size, 1, 0)), "a freed slot taken");
            assertEquals(chunks, pool.chunkCount());
            int opened = Handle.chunk(pool.malloc(size, 1, 0));
            assertEquals(chunks + 1, pool.chunkCount(), "lane 0's chunk with room is its own");
            assertEquals(Handle.chunk(handles[19]), Handle.chunk(pool.malloc(size, 0, 0)));
            assertEquals(opened, Handle.chunk(pool.malloc(size, 1, 0)));
        }
    }

    @Test
    void anObjectThatReplacesAnotherTakesItsSlotWhileThatIsFreeAndOfItsClass() {
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            int size = 500;
            fillChunks(pool, size, ZsPool.LANE_CHUNKS);
            long[] handles = mallocs(pool, size, 24);
            // Another lane, with a chunk of its own, stores object 3 again.
            long elsewhere = pool.malloc(size, 1, 0);
            pool.free(handles[3]);
            long again = pool.malloc(size - 5, 1, handles[3]);
            assertTrue(Handle.sameObject(handles[3], again), Handle.toString(again));
            assertEquals(size - 5, Handle.length(again));
            // Of another class, or taken meanwhile: placed as any object.
            pool.free(handles[5]);
            long larger = pool.malloc(1000, 1, handles[5]);
            assertNotEquals(Handle.sizeClass(handles[5]), Handle.sizeClass(larger));
            long taken = pool.malloc(size, 0, 0);
            assertTrue(Handle.sameObject(handles[5], taken), "the freed slot went to the next object");
            pool.free(handles[7]);
            long filler = pool.malloc(size, 0, 0);
            assertTrue(Handle.sameObject(handles[7], filler));
            long late = pool.malloc(size, 1, handles[7]);
            assertFalse(Handle.sameObject(handles[7], late));
            assertEquals(Handle.chunk(elsewhere), Handle.chunk(late), "into lane 1's own chunk");
        }
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            long[] handles = mallocs(pool, 500, 8);
            for (long h : handles) {
                pool.free(h);
            }
            long first = pool.malloc(500, 0, 0);
            assertEquals(Handle.chunk(handles[5]), Handle.chunk(first), "the released chunk's id reused");
            // Slot 5 of the chunk now in that id lies in a block it has not mapped.
            long next = pool.malloc(500, 0, handles[5]);
            assertEquals(1, Handle.slot(next));
            assertEquals(ZsPool.PAGE_BYTES / 2, pool.poolBytes());
        }
    }

    @Test
    void aLaneWhoseChunkWasReleasedAndReusedByAnotherOpensItsOwn() {
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            int size = 500;
            fillChunks(pool, size, ZsPool.LANE_CHUNKS);
            long[] handles = mallocs(pool, size, 4);
            int released = Handle.chunk(handles[0]);
            for (long h : handles) {
                pool.free(h);
            }
            assertEquals(ZsPool.LANE_CHUNKS, pool.chunkCount());
            long other = pool.malloc(size, 1, 0);
            assertEquals(released, Handle.chunk(other), "the released id reused");
            assertNotEquals(released, Handle.chunk(pool.malloc(size, 0, 0)), "lane 0 in lane 1's chunk");
            assertEquals(ZsPool.LANE_CHUNKS + 2, pool.chunkCount());
        }
    }

    @Test
    void replacingObjectsAllocatesNoArenaAndNoChunkAfterWarmUp() {
        AtomicInteger directAllocations = new AtomicInteger();
        DirectBuffers counted = new DirectBuffers(bytes -> {
            directAllocations.incrementAndGet();
            return ByteBuffer.allocateDirect(bytes);
        });
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, counted)) {
            Random random = new Random(7);
            int[] sizes = new int[3000];
            long[] handles = new long[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = 200 + random.nextInt(PAGE - 200);
            }
            int arenas = 0;
            long metadata = 0;
            for (int round = 0; round < 12; round++) {
                if (round == 4) {
                    arenas = directAllocations.get();
                    metadata = pool.metadataBytes();
                }
                for (int i = 0; i < sizes.length; i++) {
                    // A store replacing an entry: the new object first, then the old one freed.
                    long h = pool.malloc(sizes[i], 0, 0);
                    pool.write(h, payload(sizes[i], 31L * i + round));
                    if (handles[i] != 0) {
                        pool.free(handles[i]);
                    }
                    handles[i] = h;
                }
            }
            assertEquals(arenas, directAllocations.get(), "arenas allocated after warm-up");
            assertEquals(metadata, pool.metadataBytes(), "chunk metadata grown after warm-up");
            for (int i = 0; i < sizes.length; i++) {
                assertArrayEquals(payload(sizes[i], 31L * i + 11).array(), read(pool, handles[i]), "object " + i);
            }
        }
    }

    @Test
    void compactionGivesBackTheMetadataOfChunksReleasedAsObjectsMovedToAnotherClass() {
        // As recompression does: every object replaced by a smaller one, of another class.
        int count = 5000;
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory);
                ZsPool fresh = new ZsPool(PAGE, Long.MAX_VALUE, new DirectBuffers())) {
            long[] handles = new long[count];
            for (int i = 0; i < count; i++) {
                handles[i] = pool.malloc(1000 + i % 200, 0, 0);
                assertNotEquals(0, fresh.malloc(400 + i % 10, 0, 0));
            }
            // A few stay in the larger classes, scattered over their chunks.
            for (int i = 0; i < count; i++) {
                if (i % 500 != 7) {
                    long h = pool.malloc(400 + i % 10, 0, 0);
                    pool.free(handles[i]);
                    handles[i] = h;
                }
            }
            long held = pool.metadataBytes();
            pool.compact(ownersIn(handles));
            // Beside them, the few chunks the objects left in the larger classes still hold.
            long smaller = fresh.metadataBytes() + 1024;
            assertTrue(pool.metadataBytes() <= smaller, "metadata " + pool.metadataBytes() + " (was " + held
                    + "), a pool of the smaller objects alone " + fresh.metadataBytes());
            for (int i = 0; i < count; i++) {
                assertEquals(i % 500 != 7 ? 400 + i % 10 : 1000 + i % 200, pool.length(handles[i]));
            }
        }
    }

    @Test
    void arenasAreReleasedWhenEmptyKeepingOneSpareWhileInUse() {
        int arenaPages = Arenas.ARENA_BYTES / ZsPool.PAGE_BYTES;
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            long[] handles = new long[2 * arenaPages + 10];
            for (int i = 0; i < handles.length; i++) {
                handles[i] = pool.malloc(PAGE, 0, 0);
            }
            assertEquals(3, pool.arenaCount());
            assertEquals(3L * Arenas.ARENA_BYTES, memory.allocatedBytes());
            for (int i = 2 * arenaPages; i < handles.length; i++) {
                pool.free(handles[i]);
            }
            assertEquals(3, pool.arenaCount(), "the emptied arena is kept as the spare");
            for (int i = arenaPages; i < 2 * arenaPages; i++) {
                pool.free(handles[i]);
            }
            assertEquals(2, pool.arenaCount(), "a second empty arena is released");
            assertEquals(2L * Arenas.ARENA_BYTES, pool.reservedBytes());
            assertEquals(pool.reservedBytes(), memory.allocatedBytes());
            for (int i = 0; i < arenaPages; i++) {
                pool.free(handles[i]);
            }
            assertEquals(0, pool.arenaCount(), "nothing in use: every arena released, the spare too");
            assertEquals(0, pool.reservedBytes());
            assertEquals(0, pool.poolBytes());
            assertEquals(0, memory.allocatedBytes());
        }
    }

    @Test
    void compactionMovesObjectsRepointsOwnersAndReleasesChunks() {
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            int n = 400;
            int size = 500; // 512-byte class, 8 per chunk
            long[] handles = new long[n];
            for (int i = 0; i < n; i++) {
                handles[i] = pool.malloc(size, 0, 0);
                pool.write(handles[i], payload(size, i));
            }
            long chunksBefore = pool.chunkCount();
            // Free 7 of every 8: every chunk keeps one object.
            for (int i = 0; i < n; i++) {
                if (i % 8 != 0) {
                    pool.free(handles[i]);
                    handles[i] = 0;
                }
            }
            assertEquals(chunksBefore, pool.chunkCount());
            double fragmentedRatio = (double) pool.poolBytes() / pool.storedBytes();
            assertTrue(fragmentedRatio > 7, "fragmentation visible: " + fragmentedRatio);

            long moved = pool.compact(ownersIn(handles));
            assertTrue(moved > 0);
            assertEquals(8, pool.objectsPerChunk(size));
            assertEquals(1, pool.pagesPerChunk(size));
            assertEquals((n / 8 + 7) / 8, pool.chunkCount());
            assertEquals(pool.chunkCount() * ZsPool.PAGE_BYTES, pool.poolBytes());
            for (int i = 0; i < n; i += 8) {
                assertArrayEquals(payload(size, i).array(), read(pool, handles[i]), "object " + i + " after compaction");
            }
            assertEquals(pool.reservedBytes(), memory.allocatedBytes());
        }
    }

    @Test
    void compactionAcrossArenasEmptiesAndReleasesThem() {
        int arenaPages = Arenas.ARENA_BYTES / ZsPool.PAGE_BYTES;
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            int size = 500; // 512-byte class: 8 to a one-page chunk
            long[] handles = new long[3 * arenaPages * 8];
            for (int i = 0; i < handles.length; i++) {
                handles[i] = pool.malloc(size, 0, 0);
                pool.write(handles[i], payload(size, i));
            }
            assertEquals(3, pool.arenaCount());
            for (int i = 0; i < handles.length; i++) {
                if (i % 8 != 0) {
                    pool.free(handles[i]);
                    handles[i] = 0;
                }
            }
            assertEquals(3, pool.arenaCount(), "every page still holds an object");

            long moved = pool.compact(ownersIn(handles));
            int live = handles.length / 8;
            assertEquals(live - live / 8, moved);
            assertEquals(live / 8, pool.chunkCount());
            assertEquals(live / 8 * ZsPool.PAGE_BYTES, pool.poolBytes());
            assertEquals(1, pool.arenaCount(), "objects gathered into one arena's pages, the others released");
            assertEquals(Arenas.ARENA_BYTES, pool.reservedBytes());
            assertEquals(pool.reservedBytes(), memory.allocatedBytes());
            for (int i = 0; i < handles.length; i += 8) {
                assertArrayEquals(payload(size, i).array(), read(pool, handles[i]), "object " + i);
            }
        }
    }

    @Test
    void compactionSkipsObjectsWhoseOwnerLetGo() {
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            long[] handles = new long[16];
            for (int i = 0; i < 16; i++) {
                handles[i] = pool.malloc(1000, 0, 0);
            }
            pool.free(handles[1]);
            pool.free(handles[2]);
            pool.free(handles[3]);
            long chunks = pool.chunkCount();
            assertEquals(0, pool.compact(mover -> { }));
            assertEquals(chunks, pool.chunkCount());
            assertEquals(13, pool.objectCount());
        }
    }

    /** {@code count} page-sized objects (one per chunk), then every second one freed (its handle 0). */
    private static long[] pagesWithEveryOtherFreed(ZsPool pool, int count) {
        long[] handles = new long[count];
        for (int i = 0; i < count; i++) {
            handles[i] = pool.malloc(PAGE, 0, 0);
            pool.write(handles[i], payload(PAGE, i));
        }
        for (int i = 1; i < count; i += 2) {
            pool.free(handles[i]);
            handles[i] = 0;
        }
        return handles;
    }

    @Test
    void compactionDrainsAnArenaWhoseObjectsFitInTheOthersHoles() {
        int arenaPages = Arenas.ARENA_BYTES / ZsPool.PAGE_BYTES;
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            // No chunk is sparse (one object each), so only draining an arena can give memory back.
            long[] handles = pagesWithEveryOtherFreed(pool, 3 * arenaPages);
            assertEquals(3, pool.arenaCount(), "every arena half used");

            long moved = pool.compact(ownersIn(handles));

            assertEquals(arenaPages / 2, moved, "the half arena's objects moved into the others' holes");
            assertEquals(2, pool.arenaCount());
            assertEquals(2L * Arenas.ARENA_BYTES, pool.reservedBytes());
            assertEquals(pool.reservedBytes(), memory.allocatedBytes());
            assertEquals(3L * arenaPages / 2 * PAGE, pool.poolBytes());
            for (int i = 0; i < handles.length; i += 2) {
                assertArrayEquals(payload(PAGE, i).array(), read(pool, handles[i]), "object " + i);
            }
            assertEquals(0, pool.compact(ownersIn(handles)), "nothing left that fits elsewhere");
        }
    }

    @Test
    void aDrainMovesObjectsIntoBlocksPromisedToAChunkStillFilling() {
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            int filling = 3616;
            assertEquals(ZsPool.MAX_PAGES_PER_CHUNK, pool.pagesPerChunk(filling));
            int chunkBlocks = ZsPool.MAX_PAGES_PER_CHUNK * PAGE / Arenas.BLOCK_BYTES;
            int pageBlocks = PAGE / Arenas.BLOCK_BYTES;
            // Arena 0: one object of a chunk with its other blocks promised, and pages (a chunk each) in the
            // rest; arena 1: seven more pages.
            int onFirst = (Arena.MAX_BLOCKS - chunkBlocks) / pageBlocks;
            long[] handles = new long[1 + onFirst + 7];
            handles[0] = pool.malloc(filling, 0, 0);
            pool.write(handles[0], payload(filling, 0));
            for (int i = 1; i < handles.length; i++) {
                handles[i] = pool.malloc(PAGE, 0, 0);
                pool.write(handles[i], payload(PAGE, i));
            }
            assertEquals(2, pool.arenaCount());
            // Room on arena 0 for four of them beside the promise, for all seven within it.
            for (int i = 1; i <= 4; i++) {
                pool.free(handles[i]);
                handles[i] = 0;
            }
            pool.compact(ownersIn(handles));
            assertEquals(1, pool.arenaCount(), "arena 1 drained into arena 0's free blocks");
            assertArrayEquals(payload(filling, 0).array(), read(pool, handles[0]));
            for (int i = 5; i < handles.length; i++) {
                assertArrayEquals(payload(PAGE, i).array(), read(pool, handles[i]), "page " + i);
            }
        }
    }

    @Test
    void aDrainThatAnOwnerRefusesLeavesEveryObjectInPlace() {
        int arenaPages = Arenas.ARENA_BYTES / ZsPool.PAGE_BYTES;
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            long[] handles = pagesWithEveryOtherFreed(pool, 2 * arenaPages);
            ObjectOwners repointing = ownersIn(handles);
            int last = handles.length - 2;
            // The last object's owner is busy: the arena it is on cannot be emptied.
            long moved = pool.compact(mover -> {
                for (int i = 0; i < handles.length; i++) {
                    if (i != last && handles[i] != 0) {
                        handles[i] = mover.applyAsLong(handles[i]);
                    }
                }
            });

            assertTrue(moved > 0);
            assertEquals(2, pool.arenaCount(), "the arena with the refused object stays");
            assertEquals(pool.reservedBytes(), memory.allocatedBytes());
            for (int i = 0; i < handles.length; i += 2) {
                assertArrayEquals(payload(PAGE, i).array(), read(pool, handles[i]), "object " + i);
            }
            // Once its owner lets it move, the arena drains.
            assertEquals(1, pool.compact(repointing));
            assertEquals(1, pool.arenaCount());
            assertEquals(Arenas.ARENA_BYTES, memory.allocatedBytes());
            for (int i = 0; i < handles.length; i += 2) {
                assertArrayEquals(payload(PAGE, i).array(), read(pool, handles[i]), "object " + i);
            }
        }
    }

    @Test
    void closeReleasesEveryArena() {
        ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory);
        for (int i = 0; i < 100; i++) {
            pool.malloc(37 * i + 1, 0, 0);
        }
        assertTrue(memory.allocatedBytes() > 0);
        pool.close();
        assertEquals(0, memory.allocatedBytes());
        assertEquals(0, pool.poolBytes());
        assertEquals(0, pool.reservedBytes());
        assertThrows(IllegalStateException.class, () -> pool.malloc(10, 0, 0));
    }

    @Test
    void handlesEncodeLengthClassChunkAndSlot() {
        long h = Handle.encode(2047, 33_554_431, 2047, 65_535);
        assertEquals(2047, Handle.sizeClass(h));
        assertEquals(33_554_431, Handle.chunk(h));
        assertEquals(2047, Handle.slot(h));
        assertEquals(65_535, Handle.length(h));
        assertTrue(Handle.isValid(h));
        assertTrue(Handle.isValid(Handle.encode(0, 0, 0, 0)));
        assertTrue(Handle.sameObject(h, Handle.encode(2047, 33_554_431, 2047, 0)));
        assertFalse(Handle.sameObject(h, Handle.encode(2047, 33_554_430, 2047, 65_535)));
    }
}
