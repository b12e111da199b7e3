package dev.acomp.zswap.writeback;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.AcompRequest;
import dev.acomp.testing.SharedData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the engine will do around writeback, for tests: compresses pages through the acomp API into
 * records, and decompresses records as a {@link Decompressor} with a request per thread and driver.
 */
final class AcompCodec implements Decompressor, AutoCloseable {
    static final int PAGE = SharedData.PAGE_SIZE;

    final DriverIds ids = new DriverIds();
    private final Map<Short, Acomp> transforms = new ConcurrentHashMap<>();
    private final ThreadLocal<Map<Short, AcompRequest>> requests = ThreadLocal.withInitial(HashMap::new);

    AcompCodec(String... drivers) {
        AcompRegistry registry = AcompRegistry.load();
        for (String d : drivers) {
            Acomp t = registry.allocate(d);
            transforms.put(ids.idOf(t.driver()), t);
        }
    }

    /** The memory image's pages that are not all zero (zswap keeps zero pages out of its pool). */
    static List<byte[]> nonZeroMemoryPages() {
        byte[] zero = new byte[PAGE];
        List<byte[]> pages = new ArrayList<>();
        for (byte[] p : SharedData.pages(SharedData.memoryImage(), PAGE, true)) {
            if (!Arrays.equals(p, zero)) {
                pages.add(p);
            }
        }
        return pages;
    }

    static ByteBuffer direct(byte[] bytes) {
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }

    /** A scratch buffer big enough for any page's compressed form. */
    ByteBuffer newScratch() {
        int max = PAGE;
        for (Acomp t : transforms.values()) {
            max = Math.max(max, t.maxCompressedLength(PAGE));
        }
        return ByteBuffer.allocateDirect(max);
    }

    /**
     * Compresses {@code page} with {@code driver} and encodes its record into {@code record} from 0 (limit
     * set to the record's end); a page that does not compress below a page is stored raw.
     */
    void encode(String driver, ByteBuffer page, int generation, ByteBuffer scratch, ByteBuffer record) {
        short id = ids.idOf(driver);
        scratch.clear();
        int produced = request(id).compress(page, scratch);
        record.clear();
        int length;
        if (produced >= PAGE) {
            length = WrittenBackRecord.encode(record, true, id, generation, page);
        } else {
            scratch.limit(produced);
            length = WrittenBackRecord.encode(record, false, id, generation, scratch);
        }
        record.limit(length);
    }

    @Override
    public int decompress(ByteBuffer compressed, short driverId, ByteBuffer page) {
        return request(driverId).decompress(compressed, page);
    }

    private AcompRequest request(short id) {
        return requests.get().computeIfAbsent(id, k -> {
            Acomp t = transforms.get(k);
            if (t == null) {
                throw new IllegalArgumentException("no transform for driver id " + k);
            }
            return t.newRequest();
        });
    }

    /** Closing a transform releases the requests of every thread. */
    @Override
    public void close() {
        transforms.values().forEach(Acomp::close);
    }
}
