package dev.acomp.zswap.memory;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.util.List;

/** Test support: regions that skip the test where userfaultfd is not permitted, and page fills and checks. */
final class Regions {
    static final int PAGE = CompressedMemoryConfig.PAGE_SIZE;

    private Regions() {
    }

    static CompressedMemoryConfig.Builder config(long size, long residentLimit) {
        return CompressedMemoryConfig.builder().sizeBytes(size).residentLimitBytes(residentLimit);
    }

    /** The region, or the test skipped with the reason userfaultfd is not permitted. */
    static CompressedMemory open(CompressedMemoryConfig config) {
        try {
            return CompressedMemory.create(config);
        } catch (UserfaultfdUnavailableException e) {
            assumeTrue(false, e.getMessage());
            throw e;
        }
    }

    /** A region's size in whole pages for these pages. */
    static long sizeFor(List<byte[]> pages) {
        return (long) pages.size() * PAGE;
    }

    /** Thread {@code t} of {@code n} writes pages t, t+n, ...: the bytes of page i at offset i * PAGE. */
    static void write(CompressedMemory region, List<byte[]> pages, int t, int n) {
        ByteBuffer all = region.buffer(0, (int) region.size());
        for (int i = t; i < pages.size(); i += n) {
            all.put(i * PAGE, pages.get(i));
        }
    }

    /** Returns the first page (from {@code t}, every n-th, in a stride order) that differs, or -1. */
    static int firstMismatch(CompressedMemory region, List<byte[]> pages, int t, int n, int stride) {
        ByteBuffer all = region.buffer(0, (int) region.size());
        byte[] got = new byte[PAGE];
        int count = pages.size();
        for (int k = 0; k < count; k++) {
            int i = (int) ((long) k * stride % count);
            if (i % n != t) {
                continue;
            }
            all.get(i * PAGE, got);
            byte[] want = pages.get(i);
            if (!java.util.Arrays.equals(got, 0, want.length, want, 0, want.length)) {
                return i;
            }
        }
        return -1;
    }
}
