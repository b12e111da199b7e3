package dev.acomp.zswap.alloc;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * zsmalloc's idea in user space: compressed objects rounded up to {@value #CLASS_SPACING}-byte size
 * classes, packed into chunks (zspages) of 1 to {@value #MAX_PAGES_PER_CHUNK} pages of
 * {@value #PAGE_BYTES} bytes, addressed by {@code long} {@link Handle}s, with no Java object per stored
 * object. Each class takes the page count that wastes least for its object size, and classes with the
 * same geometry are merged, as zsmalloc does. Chunk memory comes in blocks from a few big off-heap
 * {@link Arenas}, and released chunks are reused, so steady churn allocates neither direct buffers nor
 * metadata. Each object records its owner, so that {@link #compact} can move objects out of sparse
 * chunks and out of arenas it drains, and have the owners repointed.
 *
 * <p>Locks: one per size class, taken after any owner's lock, then the arenas' lock. Reading or writing
 * a live object takes no lock: its chunk cannot go away while the caller holds the object.
 */
public final class ZsPool implements AutoCloseable {
    /** Size-class spacing: wastes under 1 % on the memory image's compressed page sizes. */
    public static final int CLASS_SPACING = 32;
    /**
     * Most pages per chunk, as the kernel's default CONFIG_ZSMALLOC_CHAIN_SIZE: a chunk of objects of
     * 2-3 KiB wastes 4.9 % on average (up to 11 %) with at most 4 pages, 1.5 % (up to 4.8 %) with 8.
     */
    public static final int MAX_PAGES_PER_CHUNK = 8;
    /** The unit of a chunk's geometry, as zsmalloc's zspage is made of pages. */
    public static final int PAGE_BYTES = 4096;

    /** By {@code (size - 1) / CLASS_SPACING}; merged classes share one. */
    private final SizeClass[] classes;
    /** Each class once, largest first. */
    private final SizeClass[] distinctClasses;
    private final int maxObjectSize;
    private final Arenas arenas;
    private volatile boolean closed;

    /**
     * @param maxObjectSize the largest object (a page, for pages stored as is)
     * @param capBytes the most arena memory the pool may reserve; {@link #malloc} fails beyond it
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
        this.arenas = new Arenas(capBytes, buffers);
        int maxPages = Math.max(MAX_PAGES_PER_CHUNK, (maxObjectSize + PAGE_BYTES - 1) / PAGE_BYTES);
        this.classes = new SizeClass[(maxObjectSize + CLASS_SPACING - 1) / CLASS_SPACING];
        // From the largest down, as zsmalloc's zs_create_pool: a class laid out as the next larger one
        // would be is that class.
        List<SizeClass> distinct = new ArrayList<>();
        for (int i = classes.length - 1; i >= 0; i--) {
            int size = Math.min((i + 1) * CLASS_SPACING, maxObjectSize);
            int pages = SizeClass.pagesPerChunk(size, maxPages);
            SizeClass larger = i + 1 < classes.length ? classes[i + 1] : null;
            if (larger != null && larger.pagesPerChunk == pages
                    && larger.slotsPerChunk == pages * PAGE_BYTES / size) {
                classes[i] = larger;
            } else {
                classes[i] = new SizeClass(i, size, pages);
                distinct.add(classes[i]);
            }
        }
        this.distinctClasses = distinct.toArray(new SizeClass[0]);
    }

    /** The bytes an object of {@code size} takes in the pool (its class's object size). */
    public int objectSize(int size) {
        return classes[classIndex(size)].objectSize;
    }

    /** Objects of {@code size} per chunk. */
    public int objectsPerChunk(int size) {
        return classes[classIndex(size)].slotsPerChunk;
    }

    /** Pages of {@value #PAGE_BYTES} bytes a full chunk of {@code size}'s class spans. */
    public int pagesPerChunk(int size) {
        return classes[classIndex(size)].pagesPerChunk;
    }

    /** Distinct size classes, after merging. */
    public int classCount() {
        return distinctClasses.length;
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
            long handle = place(c, owner, size, true);
            if (handle != 0) {
                c.storedBytes += size;
                c.objects++;
            }
            return handle;
        } finally {
            c.lock.unlock();
        }
    }

    /**
     * Under the class lock: a slot, with its blocks mapped, in a chunk with room or else, if
     * {@code mayOpen}, in a new chunk. Returns its handle, or 0 when there is none or the cap leaves no block.
     */
    private long place(SizeClass c, long owner, int length, boolean mayOpen) {
        int id = c.partialChunk();
        boolean opened = id < 0;
        if (opened) {
            if (!mayOpen) {
                return 0;
            }
            id = c.openChunk();
        }
        Chunk chunk = c.chunk(id);
        int wanted = chunk.blocksWanted();
        if (wanted > 0 && !arenas.take(chunk, wanted)) {
            if (opened) {
                c.releaseChunk(id);
            }
            return 0;
        }
        if (opened) {
            c.markPartial(id);
        }
        return Handle.encode(c.index, id, chunk.take(owner, length));
    }

    /** Copies {@code src} (position to limit, left unchanged) into the object. */
    public void write(long handle, ByteBuffer src) {
        SizeClass c = classOf(handle);
        Chunk chunk = chunkOf(c, handle);
        int slot = Handle.slot(handle);
        if (src.remaining() != chunk.length(slot)) {
            throw new IllegalArgumentException(src.remaining() + " bytes written to an object of "
                    + chunk.length(slot) + " (" + Handle.toString(handle) + ")");
        }
        chunk.write(slot * c.objectSize, src, src.position(), src.remaining());
    }

    /** Copies the object into {@code dst} at {@code dstIndex} (dst's position unchanged); returns its length. */
    public int read(long handle, ByteBuffer dst, int dstIndex) {
        SizeClass c = classOf(handle);
        Chunk chunk = chunkOf(c, handle);
        int slot = Handle.slot(handle);
        int length = chunk.length(slot);
        chunk.read(slot * c.objectSize, dst, dstIndex, length);
        return length;
    }

    /** The stored length of a live object. */
    public int length(long handle) {
        return chunkOf(classOf(handle), handle).length(Handle.slot(handle));
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
            if (chunk == null || !chunk.inService) {
                throw new IllegalStateException("free of an object in a released chunk: " + Handle.toString(handle));
            }
            int slot = Handle.slot(handle);
            if (slot >= chunk.slots()) {
                throw new IllegalArgumentException("no such slot: " + Handle.toString(handle));
            }
            c.storedBytes -= chunk.length(slot);
            c.objects--;
            chunk.give(slot);
            releaseOrMarkPartial(c, id, chunk);
        } finally {
            c.lock.unlock();
        }
    }

    /**
     * Moves objects out of the sparsest chunks of each class into fuller ones, through {@code owners},
     * and gives the blocks of the chunks emptied back to their arenas. Then, while the blocks in use on
     * some arena fit in the other arenas' free blocks, moves that arena's objects out and releases it.
     * Returns how many objects moved.
     */
    public long compact(ObjectOwners owners) {
        long moved = 0;
        for (SizeClass c : distinctClasses) {
            moved += compactClass(c, owners);
        }
        // Each drain that succeeds releases an arena; the bound only guards against owners that keep
        // refilling one.
        for (int drains = arenas.arenaCount(); drains > 0 && !closed; drains--) {
            Arena victim = arenas.beginDrain();
            if (victim == null) {
                break;
            }
            try {
                for (SizeClass c : distinctClasses) {
                    moved += evacuate(c, victim, owners);
                }
            } finally {
                arenas.endDrain();
            }
            if (!arenas.isEmpty(victim)) {
                // An owner was busy or gone mid-move, or the cap left no block: try again next time.
                break;
            }
        }
        if (!closed) {
            arenas.trim();
        }
        return moved;
    }

    /**
     * Moves every object of {@code c} on a chunk that holds a block of {@code arena} into other chunks,
     * new ones if need be, and releases the chunks emptied. Returns how many moved.
     */
    private long evacuate(SizeClass c, Arena arena, ObjectOwners owners) {
        int[] sources;
        c.lock.lock();
        try {
            if (closed) {
                return 0;
            }
            int n = 0;
            sources = new int[c.chunkIdLimit()];
            for (int id = 0; id < c.chunkIdLimit(); id++) {
                Chunk chunk = c.chunk(id);
                if (chunk.inService && !chunk.isolated && Arenas.holdsBlockOf(chunk, arena)) {
                    chunk.isolated = true;
                    sources[n++] = id;
                }
            }
            sources = Arrays.copyOf(sources, n);
        } finally {
            c.lock.unlock();
        }
        return moveOut(c, sources, true, owners).count();
    }

    private long compactClass(SizeClass c, ObjectOwners owners) {
        long moved = 0;
        while (true) {
            int source;
            c.lock.lock();
            try {
                source = closed ? -1 : sparsestChunkWorthEmptying(c);
                if (source < 0) {
                    return moved;
                }
                c.chunk(source).isolated = true;
            } finally {
                c.lock.unlock();
            }
            Moved m = moveOut(c, new int[] {source}, false, owners);
            moved += m.count();
            if (!m.allEmptied()) {
                // An owner was busy or gone mid-move, or the cap left no block: leave this class for the
                // next compaction.
                return moved;
            }
        }
    }

    /** How many objects {@link #moveOut} moved, and whether it emptied every source chunk. */
    private record Moved(long count, boolean allEmptied) {
    }

    /**
     * Moves the live objects of {@code sources}, chunks of {@code c} its caller isolated, into other
     * chunks (new ones too if {@code mayOpen}) through their owners, then puts the sources back in
     * service, releasing those emptied.
     */
    private Moved moveOut(SizeClass c, int[] sources, boolean mayOpen, ObjectOwners owners) {
        long[] handles;
        long[] liveOwners;
        c.lock.lock();
        try {
            if (closed) {
                return new Moved(0, false);
            }
            int count = 0;
            for (int id : sources) {
                count += c.chunk(id).inUse();
            }
            handles = new long[count];
            liveOwners = new long[count];
            int n = 0;
            for (int id : sources) {
                Chunk chunk = c.chunk(id);
                for (int s = 0; s < chunk.usedSlotLimit(); s++) {
                    if (chunk.isLive(s)) {
                        handles[n] = Handle.encode(c.index, id, s);
                        liveOwners[n++] = chunk.owner(s);
                    }
                }
            }
        } finally {
            c.lock.unlock();
        }
        long moved = 0;
        for (int i = 0; i < handles.length; i++) {
            if (owners.relocate(liveOwners[i], handles[i], old -> migrate(c, old, mayOpen))) {
                moved++;
            }
        }
        c.lock.lock();
        try {
            if (closed) {
                return new Moved(moved, false);
            }
            boolean allEmptied = true;
            for (int id : sources) {
                Chunk chunk = c.chunk(id);
                chunk.isolated = false;
                allEmptied &= chunk.inUse() == 0;
                releaseOrMarkPartial(c, id, chunk);
            }
            return new Moved(moved, allEmptied);
        } finally {
            c.lock.unlock();
        }
    }

    /** Under the class lock: the least used chunk whose objects fit in the other chunks' free slots, or -1. */
    private static int sparsestChunkWorthEmptying(SizeClass c) {
        int best = -1;
        int bestInUse = Integer.MAX_VALUE;
        long freeSlots = 0;
        for (int id = 0; id < c.chunkIdLimit(); id++) {
            Chunk chunk = c.chunk(id);
            if (!chunk.inService || chunk.isolated || chunk.isFull()) {
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

    /**
     * Called under the owner's lock: copies the object into a non-isolated chunk with room, or into a new
     * chunk if {@code mayOpen}; returns its new handle, or 0 when it stays where it is.
     */
    private long migrate(SizeClass c, long oldHandle, boolean mayOpen) {
        c.lock.lock();
        try {
            if (closed) {
                return 0;
            }
            Chunk from = c.chunk(Handle.chunk(oldHandle));
            int oldSlot = Handle.slot(oldHandle);
            int length = from.length(oldSlot);
            long handle = place(c, from.owner(oldSlot), length, mayOpen);
            if (handle == 0) {
                return 0;
            }
            from.copyTo(oldSlot * c.objectSize, c.chunk(Handle.chunk(handle)), Handle.slot(handle) * c.objectSize,
                    length);
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
            arenas.giveAll(chunk);
            c.releaseChunk(id);
        } else {
            c.markPartial(id);
        }
    }

    /** Bytes of the blocks chunks hold (zswap's pool_total_size, zsmalloc's pages allocated). */
    public long poolBytes() {
        return arenas.usedBytes();
    }

    /** Bytes of arena memory held, free blocks included: what the pool takes from the system. */
    public long reservedBytes() {
        return arenas.reservedBytes();
    }

    public int arenaCount() {
        return arenas.arenaCount();
    }

    /** Bytes of the objects stored: pool bytes over this is the fragmentation. */
    public long storedBytes() {
        return sum(c -> c.storedBytes);
    }

    public long objectCount() {
        return sum(c -> c.objects);
    }

    /** Chunks in service. */
    public long chunkCount() {
        return sum(SizeClass::liveChunks);
    }

    /** A per-class figure summed over the classes, each read under its lock. */
    private long sum(ToLongFunction<SizeClass> figure) {
        long n = 0;
        for (SizeClass c : distinctClasses) {
            c.lock.lock();
            try {
                n += figure.applyAsLong(c);
            } finally {
                c.lock.unlock();
            }
        }
        return n;
    }

    /** Heap bytes of the pool's bookkeeping (per-class, per-chunk and per-arena arrays). */
    public long metadataBytes() {
        return arenas.metadataBytes() + sum(SizeClass::metadataBytes);
    }

    /** Releases every chunk and arena; objects still stored are gone. */
    @Override
    public void close() {
        closed = true;
        for (SizeClass c : distinctClasses) {
            c.lock.lock();
            try {
                for (int id = 0; id < c.chunkIdLimit(); id++) {
                    Chunk chunk = c.chunk(id);
                    if (chunk.inService) {
                        arenas.giveAll(chunk);
                        c.releaseChunk(id);
                    }
                }
            } finally {
                c.lock.unlock();
            }
        }
        arenas.close();
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
        if (index >= classes.length || classes[index].index != index) {
            throw new IllegalArgumentException("no such size class: " + Handle.toString(handle));
        }
        return classes[index];
    }

    private static Chunk chunkOf(SizeClass c, long handle) {
        Chunk chunk = c.chunk(Handle.chunk(handle));
        if (chunk == null || !chunk.inService) {
            throw new IllegalStateException("object in a released chunk: " + Handle.toString(handle));
        }
        return chunk;
    }
}
