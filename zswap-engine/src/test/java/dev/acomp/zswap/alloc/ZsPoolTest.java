package dev.acomp.zswap.alloc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZsPoolTest {
    private static final int PAGE = 4096;
    private final DirectBuffers memory = new DirectBuffers();

    private static ByteBuffer payload(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return ByteBuffer.wrap(b);
    }

    private static byte[] read(ZsPool pool, long handle) {
        ByteBuffer out = ByteBuffer.allocate(pool.length(handle));
        pool.read(handle, out, 0);
        return out.array();
    }

    @Test
    void sizesRoundUpToClassSpacing() {
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            assertEquals(PAGE / ZsPool.CLASS_SPACING, pool.classCount());
            assertEquals(32, pool.objectSize(1));
            assertEquals(32, pool.objectSize(32));
            assertEquals(64, pool.objectSize(33));
            assertEquals(1472, pool.objectSize(1450));
            assertEquals(PAGE, pool.objectSize(PAGE));
            assertThrows(IllegalArgumentException.class, () -> pool.objectSize(PAGE + 1));
            assertThrows(IllegalArgumentException.class, () -> pool.objectSize(0));
        }
    }

    @Test
    void objectsOfEveryClassRoundTripAndFreeingReleasesChunks() {
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            Map<Long, byte[]> stored = new HashMap<>();
            long bytes = 0;
            for (int size = 1; size <= PAGE; size += 13) {
                ByteBuffer p = payload(size, size);
                long h = pool.malloc(size, size);
                assertTrue(Handle.isValid(h));
                pool.write(h, p);
                stored.put(h, p.array());
                bytes += size;
            }
            assertEquals(bytes, pool.storedBytes());
            assertEquals(stored.size(), pool.objectCount());
            assertTrue(pool.poolBytes() >= bytes);
            assertEquals(pool.poolBytes(), memory.allocatedBytes());
            stored.forEach((h, p) -> assertArrayEquals(p, read(pool, h), Handle.toString(h)));
            stored.keySet().forEach(pool::free);
            assertEquals(0, pool.storedBytes());
            assertEquals(0, pool.poolBytes());
            assertEquals(0, pool.chunkCount());
            assertEquals(0, memory.allocatedBytes());
        }
    }

    @Test
    void writeOfTheWrongLengthIsRefused() {
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            long h = pool.malloc(100, 1);
            assertThrows(IllegalArgumentException.class, () -> pool.write(h, payload(99, 1)));
            pool.free(h);
            assertThrows(IllegalStateException.class, () -> pool.free(h));
        }
    }

    @Test
    void mallocFailsOverTheCap() {
        try (ZsPool pool = new ZsPool(PAGE, 3 * PAGE, memory)) {
            assertNotEquals(0, pool.malloc(PAGE, 1));
            assertNotEquals(0, pool.malloc(PAGE, 2));
            assertNotEquals(0, pool.malloc(PAGE, 3));
            assertEquals(0, pool.malloc(PAGE, 4));
            assertEquals(3 * PAGE, pool.poolBytes());
        }
    }

    @Test
    void chunksHoldWholeObjectsOfAboutFourKilobytes() {
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            pool.malloc(1000, 1);
            // 1024-byte class: four objects to a 4 KiB chunk.
            assertEquals(4096, pool.poolBytes());
            pool.malloc(2100, 2);
            // 2112-byte class: one object, no tail left over.
            assertEquals(4096 + 2112, pool.poolBytes());
        }
    }

    @Test
    void compactionMovesObjectsRepointsOwnersAndReleasesChunks() {
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            int n = 400;
            int size = 500; // 512-byte class, 8 per chunk
            long[] handles = new long[n];
            for (int i = 0; i < n; i++) {
                handles[i] = pool.malloc(size, i);
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

            long moved = pool.compact((owner, oldHandle, move) -> {
                assertEquals(handles[(int) owner], oldHandle);
                long fresh = move.applyAsLong(oldHandle);
                if (fresh == 0) {
                    return false;
                }
                handles[(int) owner] = fresh;
                return true;
            });
            assertTrue(moved > 0);
            assertEquals((n / 8 + 7) / 8, pool.chunkCount());
            assertEquals(pool.chunkCount() * 4096, pool.poolBytes());
            for (int i = 0; i < n; i += 8) {
                assertArrayEquals(payload(size, i).array(), read(pool, handles[i]), "object " + i + " after compaction");
            }
            assertEquals(pool.poolBytes(), memory.allocatedBytes());
        }
    }

    @Test
    void compactionSkipsObjectsWhoseOwnerLetGo() {
        try (ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory)) {
            long[] handles = new long[16];
            for (int i = 0; i < 16; i++) {
                handles[i] = pool.malloc(1000, i);
            }
            pool.free(handles[1]);
            pool.free(handles[2]);
            pool.free(handles[3]);
            long chunks = pool.chunkCount();
            assertEquals(0, pool.compact((owner, oldHandle, move) -> false));
            assertEquals(chunks, pool.chunkCount());
            assertEquals(13, pool.objectCount());
        }
    }

    @Test
    void closeReleasesEveryChunk() {
        ZsPool pool = new ZsPool(PAGE, Long.MAX_VALUE, memory);
        for (int i = 0; i < 100; i++) {
            pool.malloc(37 * i + 1, i);
        }
        assertTrue(memory.allocatedBytes() > 0);
        pool.close();
        assertEquals(0, memory.allocatedBytes());
        assertEquals(0, pool.poolBytes());
        assertThrows(IllegalStateException.class, () -> pool.malloc(10, 1));
    }

    @Test
    void handlesEncodeClassChunkAndSlot() {
        long h = Handle.encode(127, 123_456_789, 65_535);
        assertEquals(127, Handle.sizeClass(h));
        assertEquals(123_456_789, Handle.chunk(h));
        assertEquals(65_535, Handle.slot(h));
        assertTrue(Handle.isValid(h));
        assertTrue(Handle.isValid(Handle.encode(0, 0, 0)));
    }
}
