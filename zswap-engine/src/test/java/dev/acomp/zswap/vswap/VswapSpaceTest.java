package dev.acomp.zswap.vswap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VswapSpaceTest {

    @Test
    void runsStayInOneClusterAndClustersGrowOnDemand() {
        VswapSpace space = new VswapSpace(512);
        long a = space.allocate(500);
        long b = space.allocate(16);
        assertEquals(0, a);
        assertEquals(512, b, "16 entries do not fit after 500 of 512: next cluster");
        long c = space.allocate(12);
        assertSame(space.cluster(c), space.cluster(c + 11));
        long d = space.allocate(512 - 16 - 12);
        long e = space.allocate(12);
        assertEquals(500, e, "searching past full clusters finds the first cluster's tail");
        assertEquals(List.of(528L, 540L), List.of(c, d));
        assertEquals(2, space.clusterCount());
        assertSame(space.cluster(0), space.cluster(511));
        assertSame(space.cluster(512), space.cluster(b + 15));
        assertNull(space.cluster(1024));
        assertNull(space.cluster(-1));
        VswapCluster first = space.cluster(a);
        first.lock.lock();
        try {
            assertTrue(first.has(0, VswapCluster.ALLOCATED));
            assertTrue(first.has(511, VswapCluster.ALLOCATED));
        } finally {
            first.lock.unlock();
        }
    }

    @Test
    void releasedRunsAreReused() {
        VswapSpace space = new VswapSpace(8);
        long a = space.allocate(8);
        VswapCluster c = space.cluster(a);
        c.lock.lock();
        try {
            for (int i = 2; i < 6; i++) {
                space.release(c, i);
            }
        } finally {
            c.lock.unlock();
        }
        space.reclaim(c, 2, 4);
        assertEquals(2, space.allocate(4));
        assertEquals(1, space.clusterCount());
    }

    @Test
    void aRunLongerThanAClusterIsRefused() {
        VswapSpace space = new VswapSpace(512);
        assertThrows(IllegalArgumentException.class, () -> space.allocate(513));
        assertThrows(IllegalArgumentException.class, () -> space.allocate(0));
    }

    @Test
    void entriesCarryGenerationsAndFlags() {
        VswapSpace space = new VswapSpace(4);
        long e = space.allocate(1);
        VswapCluster c = space.cluster(e);
        int i = c.index(e);
        c.lock.lock();
        try {
            int g = c.generation(i);
            c.storeEntry(i, 77, VswapCluster.RAW, 3);
            assertEquals(g + 1, c.generation(i));
            assertEquals(77, c.handle(i));
            assertEquals(3, c.poolId(i));
            int storedRaw = VswapCluster.STORED | VswapCluster.RAW;
            assertEquals(storedRaw, c.flags(i) & storedRaw, "both STORED and RAW");
            assertTrue(c.has(i, VswapCluster.ALLOCATED));
            c.eraseEntry(i);
            assertEquals(g + 2, c.generation(i));
            assertEquals(VswapCluster.ALLOCATED, c.flags(i));
        } finally {
            c.lock.unlock();
        }
    }

    @Test
    void metadataGrowsByClusterArrays() {
        VswapSpace space = new VswapSpace(512);
        space.allocate(1);
        long one = space.metadataBytes();
        assertTrue(one >= 512L * VswapCluster.BYTES_PER_DESCRIPTOR);
        space.allocate(512);
        assertEquals(2 * one, space.metadataBytes());
    }
}
