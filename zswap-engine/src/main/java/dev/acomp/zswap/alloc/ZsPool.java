package dev.acomp.zswap.alloc;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * zsmalloc's idea in user space: compressed objects rounded up to {@value #CLASS_SPACING}-byte size
 * classes, packed into off-heap chunks of about {@value #CHUNK_TARGET_BYTES} bytes, addressed by
 * {@code long} {@link Handle}s, with no Java object per stored object. Each object records its owner, so
 * that {@link #compact} can move objects out of sparse chunks and have the owners repointed.
 *
 * <p>Locks: one per size class, always taken last (after any owner's lock). Reading or writing a live
 * object takes no lock: its chunk cannot go away while the caller holds the object.
 */
public final class ZsPool implements AutoCloseable {
    /** Size-class spacing: wastes under 1 % on the memory image's compressed page sizes. */
    public static final int CLASS_SPACING = 32;
    /**
     * About this many bytes per chunk: each class keeps at most one partly filled chunk while filling,
     * so small chunks keep that waste small; a chunk holds a whole number of objects.
     */
    public static final int CHUNK_TARGET_BYTES = 4096;

    private final SizeClass[] classes;
    private final int maxObjectSize;
    private final long capBytes;
    private final DirectBuffers buffers;
    private final AtomicLong poolBytes = new AtomicLong();
    private final AtomicLong storedBytes = new AtomicLong();
    private final AtomicLong objects = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param maxObjectSize the largest object (a page, for pages stored as is)
     * @param capBytes the most chunk memory the pool may hold; {@link #malloc} fails beyond it
     */
    public ZsPool(int maxObjectSize, long capBytes, DirectBuffers buffers) {
        if (maxObjectSize < 1 || maxObjectSize > Character.MAX_VALUE) {
            throw new IllegalArgumentException("object size limit must be 1.." + (int) Character.MAX_VALUE
                    + ": " + maxObjectSize);
        }
        if (capBytes < 0) {
            throw new IllegalArgumentException("pool cap must not be negative: " + capBytes);
        }
        this.maxObjectSize = maxObjectSize;
        this.capBytes = capBytes;
        this.buffers = buffers;
        int count = (maxObjectSize + CLASS_SPACING - 1) / CLASS_SPACING;
        this.classes = new SizeClass[count];
        for (int i = 0; i < count; i++) {
            int size = Math.min((i + 1) * CLASS_SPACING, maxObjectSize);
            classes[i] = new SizeClass(i, size, Math.max(1, CHUNK_TARGET_BYTES / size));
        }
    }

    /** The bytes an object of {@code size} takes in the pool. */
    public int objectSize(int size) {
        return classes[classIndex(size)].objectSize;
    }

    public int classCount() {
        return classes.length;
    }

    /**
     * Allocates an object of {@code size} bytes owned by {@code owner} (a non-negative id given back to
     * {@link ObjectOwners} on compaction). Returns its handle, or 0 when the pool would pass its cap.
     */
    public long malloc(int size, long owner) {
        if (owner < 0) {
            throw new IllegalArgumentException("owner must not be negative: " + owner);
        }
        SizeClass c = classes[classIndex(size)];
        c.lock.lock();
        try {
            ensureOpen();
            int id = c.partialChunk();
            if (id < 0) {
                if (!reserve(c.chunkBytes())) {
                    return 0;
                }
                id = c.addChunk(buffers.allocate(c.chunkBytes()));
                c.markPartial(id);
            }
            int slot = c.chunk(id).take(owner, size);
            storedBytes.addAndGet(size);
            objects.incrementAndGet();
            return Handle.encode(c.index, id, slot);
        } finally {
            c.lock.unlock();
        }
    }

    /** Copies {@code src} (position to limit, left unchanged) into the object. */
    public void write(long handle, ByteBuffer src) {
        Chunk chunk = chunkOf(handle);
        int slot = Handle.slot(handle);
        if (src.remaining() != chunk.length(slot)) {
            throw new IllegalArgumentException(src.remaining() + " bytes written to an object of "
                    + chunk.length(slot) + " (" + Handle.toString(handle) + ")");
        }
        chunk.memory.put(offset(handle), src, src.position(), src.remaining());
    }

    /** Copies the object into {@code dst} at {@code dstIndex} (dst's position unchanged); returns its length. */
    public int read(long handle, ByteBuffer dst, int dstIndex) {
        Chunk chunk = chunkOf(handle);
        int length = chunk.length(Handle.slot(handle));
        dst.put(dstIndex, chunk.memory, offset(handle), length);
        return length;
    }

    /** The stored length of a live object. */
    public int length(long handle) {
        return chunkOf(handle).length(Handle.slot(handle));
    }

    public void free(long handle) {
        SizeClass c = classOf(handle);
        int id = Handle.chunk(handle);
        c.lock.lock();
        try {
            if (closed) {
                return;
            }
            Chunk chunk = c.chunk(id);
            if (chunk == null) {
                throw new IllegalStateException("free of an object in a released chunk: " + Handle.toString(handle));
            }
            int slot = Handle.slot(handle);
            storedBytes.addAndGet(-chunk.length(slot));
            objects.decrementAndGet();
            chunk.give(slot);
            releaseOrMarkPartial(c, id, chunk);
        } finally {
            c.lock.unlock();
        }
    }

    /**
     * Moves objects out of the sparsest chunks of each class into fuller ones, through {@code owners},
     * and releases the chunks emptied. Returns how many objects moved.
     */
    public long compact(ObjectOwners owners) {
        long moved = 0;
        for (SizeClass c : classes) {
            moved += compactClass(c, owners);
        }
        return moved;
    }

    private long compactClass(SizeClass c, ObjectOwners owners) {
        long moved = 0;
        while (true) {
            int source;
            long[] liveOwners;
            int[] liveSlots;
            c.lock.lock();
            try {
                source = closed ? -1 : sparsestChunkWorthEmptying(c);
                if (source < 0) {
                    return moved;
                }
                Chunk chunk = c.chunk(source);
                chunk.isolated = true;
                liveSlots = new int[chunk.inUse()];
                liveOwners = new long[liveSlots.length];
                for (int s = 0, n = 0; s < chunk.slots(); s++) {
                    if (chunk.isLive(s)) {
                        liveSlots[n] = s;
                        liveOwners[n++] = chunk.owner(s);
                    }
                }
            } finally {
                c.lock.unlock();
            }
            for (int i = 0; i < liveSlots.length; i++) {
                if (owners.relocate(liveOwners[i], Handle.encode(c.index, source, liveSlots[i]),
                        old -> migrate(c, old))) {
                    moved++;
                }
            }
            c.lock.lock();
            try {
                if (closed) {
                    return moved;
                }
                Chunk chunk = c.chunk(source);
                chunk.isolated = false;
                boolean emptied = chunk.inUse() == 0;
                releaseOrMarkPartial(c, source, chunk);
                if (!emptied) {
                    // An owner was busy or gone mid-move: leave this class for the next compaction.
                    return moved;
                }
            } finally {
                c.lock.unlock();
            }
        }
    }

    /** Under the class lock: the least used chunk whose objects fit in the other chunks' free slots, or -1. */
    private static int sparsestChunkWorthEmptying(SizeClass c) {
        int best = -1;
        int bestInUse = Integer.MAX_VALUE;
        long freeSlots = 0;
        for (int id = 0; id < c.chunkIdLimit(); id++) {
            Chunk chunk = c.chunk(id);
            if (chunk == null || chunk.isolated || chunk.isFull()) {
                continue;
            }
            freeSlots += chunk.slots() - chunk.inUse();
            if (chunk.inUse() < bestInUse) {
                bestInUse = chunk.inUse();
                best = id;
            }
        }
        if (best < 0) {
            return -1;
        }
        long freeElsewhere = freeSlots - (c.chunk(best).slots() - bestInUse);
        return freeElsewhere >= bestInUse ? best : -1;
    }

    /** Called under the owner's lock: copies the object into a non-isolated chunk; 0 when none has room. */
    private long migrate(SizeClass c, long oldHandle) {
        c.lock.lock();
        try {
            int target = c.partialChunk();
            if (target < 0 || closed) {
                return 0;
            }
            Chunk from = c.chunk(Handle.chunk(oldHandle));
            int oldSlot = Handle.slot(oldHandle);
            int length = from.length(oldSlot);
            Chunk to = c.chunk(target);
            int slot = to.take(from.owner(oldSlot), length);
            long handle = Handle.encode(c.index, target, slot);
            to.memory.put(offset(handle), from.memory, offset(oldHandle), length);
            from.give(oldSlot);
            return handle;
        } finally {
            c.lock.unlock();
        }
    }

    private void releaseOrMarkPartial(SizeClass c, int id, Chunk chunk) {
        if (chunk.isolated) {
            return;
        }
        if (chunk.inUse() == 0) {
            buffers.release(c.removeChunk(id));
            poolBytes.addAndGet(-c.chunkBytes());
        } else {
            c.markPartial(id);
        }
    }

    /** Bytes of chunk memory held: what the pool costs (zswap's pool_total_size). */
    public long poolBytes() {
        return poolBytes.get();
    }

    /** Bytes of the objects stored: pool bytes over this is the fragmentation. */
    public long storedBytes() {
        return storedBytes.get();
    }

    public long objectCount() {
        return objects.get();
    }

    public long chunkCount() {
        long n = 0;
        for (SizeClass c : classes) {
            c.lock.lock();
            try {
                n += c.liveChunks();
            } finally {
                c.lock.unlock();
            }
        }
        return n;
    }

    /** Heap bytes of the pool's bookkeeping (per-class and per-slot arrays). */
    public long metadataBytes() {
        long bytes = 0;
        for (SizeClass c : classes) {
            c.lock.lock();
            try {
                bytes += c.metadataBytes();
            } finally {
                c.lock.unlock();
            }
        }
        return bytes;
    }

    /** Releases every chunk; objects still stored are gone. */
    @Override
    public void close() {
        closed = true;
        for (SizeClass c : classes) {
            c.lock.lock();
            try {
                for (int id = 0; id < c.chunkIdLimit(); id++) {
                    if (c.chunk(id) != null) {
                        buffers.release(c.removeChunk(id));
                        poolBytes.addAndGet(-c.chunkBytes());
                    }
                }
            } finally {
                c.lock.unlock();
            }
        }
    }

    private boolean reserve(int bytes) {
        while (true) {
            long held = poolBytes.get();
            if (held + bytes > capBytes) {
                return false;
            }
            if (poolBytes.compareAndSet(held, held + bytes)) {
                return true;
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("allocator closed");
        }
    }

    private int classIndex(int size) {
        if (size < 1 || size > maxObjectSize) {
            throw new IllegalArgumentException("object size must be 1.." + maxObjectSize + ": " + size);
        }
        return (size - 1) / CLASS_SPACING;
    }

    private SizeClass classOf(long handle) {
        if (!Handle.isValid(handle)) {
            throw new IllegalArgumentException("not a handle: " + handle);
        }
        int index = Handle.sizeClass(handle);
        if (index >= classes.length) {
            throw new IllegalArgumentException("no such size class: " + Handle.toString(handle));
        }
        return classes[index];
    }

    private Chunk chunkOf(long handle) {
        SizeClass c = classOf(handle);
        Chunk chunk = c.chunk(Handle.chunk(handle));
        if (chunk == null) {
            throw new IllegalStateException("object in a released chunk: " + Handle.toString(handle));
        }
        return chunk;
    }

    private int offset(long handle) {
        return Handle.slot(handle) * classOf(handle).objectSize;
    }
}
