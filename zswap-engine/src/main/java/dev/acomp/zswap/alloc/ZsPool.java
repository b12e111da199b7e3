package dev.acomp.zswap.alloc;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * zsmalloc's idea in user space: compressed objects rounded up to {@value #CLASS_SPACING}-byte size
 * classes, packed into chunks (zspages) of 1 to {@value #MAX_PAGES_PER_CHUNK} pages of
 * {@value #PAGE_BYTES} bytes, addressed by {@code long} {@link Handle}s, with no Java object per stored
 * object. Each class takes the page count that wastes least for its object size, and classes with the
 * same geometry are merged, as zsmalloc does. Chunk memory comes in blocks from a few big off-heap
 * {@link Arenas}, and released chunks are reused, so steady churn allocates neither direct buffers nor
 * metadata. An object costs one bit beside its bytes: its length is in its handle, and compaction finds
 * the owners of the objects it moves (out of sparse chunks and out of arenas it drains) by having them
 * offer their handles ({@link ObjectOwners}), as the engine's descriptors do, so nothing records them.
 * Callers storing at once fill chunks of their own in a large class ({@link #LANES}), and an object that
 * replaces another takes its slot, so that each caller's data lies together and in place.
 *
 * <p>Locks: one per size class (its monitor), taken after any owner's lock, then the arenas' lock.
 * Reading or writing a live object takes no lock: its chunk cannot go away while the caller holds the
 * object. A chunk's objects lie in a run of blocks where its home had one, so a reader decompresses them
 * where they are ({@link #readBegin}), as zram does an object within a page.
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
    /**
     * Allocation lanes: each class keeps a current chunk per lane ({@link #malloc}).
     * Beyond this many stores at once, lanes are shared; each costs a partly filled chunk per class in use.
     */
    public static final int LANES = 8;
    /**
     * Chunks a class holds before its lanes fill chunks of their own: below, a lane's own partly filled
     * chunk would be a large share of the class (a pool of a few MiB lost 4 % of its density to a second lane).
     */
    static final int LANE_CHUNKS = 32;
    /** The lane of compaction's moves, which fill the partial chunks no lane holds. */
    static final int NO_LANE = -1;
    /** From {@link #place} without {@code mayGrow}: no arena has room for a new chunk. Not a handle. */
    private static final long NEEDS_ARENA = 1;

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
     * Allocates an object of {@code size} bytes through {@code lane} (the caller's, as its reader id for
     * {@link #readBegin}; taken modulo {@link #LANES}): objects stored through one lane fill chunks of their
     * own, so that two callers storing at once neither share a chunk's cache lines nor interleave their
     * objects. {@code previous} is the object this one replaces, freed (0 for none): while its slot is free
     * and of the same class the new object takes it, so that data stored again keeps its place beside its
     * neighbours whoever stores it. Returns the handle, or 0 when the pool would pass its cap.
     */
    public long malloc(int size, int lane, long previous) {
        if (lane < 0) {
            throw new IllegalArgumentException("lane must not be negative: " + lane);
        }
        SizeClass c = classes[classIndex(size)];
        boolean mayGrow = false;
        while (true) {
            synchronized (c) {
                ensureOpen();
                long handle = reuse(c, size, previous);
                if (handle == 0) {
                    handle = place(c, size, true, mayGrow, lane % LANES);
                }
                if (handle != NEEDS_ARENA) {
                    if (handle != 0) {
                        c.storedBytes += size;
                        c.objects++;
                    }
                    return handle;
                }
            }
            // Grown with no lock held, then placed again; at the cap, placed where the first object fits.
            mayGrow = !arenas.growUnlocked(c.firstBlocks);
        }
    }

    /**
     * Under the class lock: a slot, with its blocks mapped, in a chunk with room ({@code lane}'s own
     * first) or else, if {@code mayOpen}, in a new chunk, on a new arena too if {@code mayGrow}. Returns
     * its handle, 0 when there is none or the cap leaves no block, or {@link #NEEDS_ARENA}.
     */
    private long place(SizeClass c, int length, boolean mayOpen, boolean mayGrow, int lane) {
        while (true) {
            int id = c.partialChunk(lane);
            if (id < 0) {
                if (!mayOpen) {
                    return 0;
                }
                id = c.openChunk(arenas, mayGrow);
                if (id < 0) {
                    return mayGrow ? 0 : NEEDS_ARENA;
                }
                c.adopt(id, lane);
            } else {
                int wanted = c.blocksWanted(id);
                if (wanted > 0 && !c.mapBlocks(id, wanted, arenas)) {
                    // Its homes are full: the chunk is capped; try the next one.
                    continue;
                }
            }
            return Handle.encode(c.index, id, c.take(id), length);
        }
    }

    /** Under the class lock: the slot of {@code previous} when it is of {@code c} and free, else 0. */
    private static long reuse(SizeClass c, int length, long previous) {
        if (!Handle.isValid(previous) || Handle.sizeClass(previous) != c.index
                || !c.takeFreed(Handle.chunk(previous), Handle.slot(previous))) {
            return 0;
        }
        return Handle.encode(c.index, Handle.chunk(previous), Handle.slot(previous), length);
    }

    /** Copies {@code src} (position to limit, left unchanged) into the object. */
    public void write(long handle, ByteBuffer src) {
        SizeClass c = classOf(handle);
        if (src.remaining() != Handle.length(handle)) {
            throw new IllegalArgumentException(src.remaining() + " bytes written to an object of "
                    + Handle.length(handle) + " (" + Handle.toString(handle) + ")");
        }
        c.write(Handle.chunk(handle), Handle.slot(handle), src, src.position(), src.remaining(), arenas);
    }

    /** Copies the object into {@code dst} at {@code dstIndex} (dst's position unchanged); returns its length. */
    public int read(long handle, ByteBuffer dst, int dstIndex) {
        SizeClass c = classOf(handle);
        int length = Handle.length(handle);
        c.read(Handle.chunk(handle), Handle.slot(handle), dst, dstIndex, length, arenas);
        return length;
    }

    /**
     * zsmalloc's {@code zs_obj_read_begin}: the object's bytes from position to limit, in place when they
     * lie in one piece of an arena's memory (a chunk's run, see {@link Arenas}), else copied into
     * {@code localCopy} from 0. In place, the buffer is a view of the arena that is {@code reader}'s own,
     * made on its first read there: a reader id (from 0, kept small) is used by one thread at a time, and
     * two threads reading at once have two. The object stays readable while the caller holds it (its
     * owner's lock, so that neither a free nor compaction moves it), and until the reader's next read.
     */
    public ByteBuffer readBegin(long handle, int reader, ByteBuffer localCopy) {
        if (reader < 0) {
            throw new IllegalArgumentException("reader id must not be negative: " + reader);
        }
        SizeClass c = classOf(handle);
        int length = Handle.length(handle);
        ByteBuffer object = c.readInPlace(Handle.chunk(handle), Handle.slot(handle), length, reader, arenas);
        if (object != null) {
            return object;
        }
        c.read(Handle.chunk(handle), Handle.slot(handle), localCopy.clear(), 0, length, arenas);
        return localCopy.limit(length);
    }

    /** The stored length of a live object. */
    public int length(long handle) {
        classOf(handle);
        return Handle.length(handle);
    }

    public void free(long handle) {
        SizeClass c = classOf(handle);
        int id = Handle.chunk(handle);
        synchronized (c) {
            if (closed) {
                return;
            }
            if (!c.inService(id)) {
                throw new IllegalStateException("free of an object in a released chunk: " + Handle.toString(handle));
            }
            int slot = Handle.slot(handle);
            if (slot >= c.slotsPerChunk) {
                throw new IllegalArgumentException("no such slot: " + Handle.toString(handle));
            }
            c.give(id, slot);
            c.storedBytes -= Handle.length(handle);
            c.objects--;
            releaseOrMarkPartial(c, id);
        }
    }

    /**
     * Moves objects out of the sparsest chunks of each class into fuller ones, through {@code owners},
     * and gives the blocks of the chunks emptied back to their arenas. Then, while the blocks in use on
     * some arena fit in the other arenas' free blocks, moves that arena's objects out and releases it.
     * Each step is one pass of {@code owners} over their objects. Last, each class gives back the room its
     * arrays kept for chunks released. Returns how many objects moved.
     */
    public long compact(ObjectOwners owners) {
        Sources sparse = new Sources();
        for (SizeClass c : distinctClasses) {
            isolateSparsest(c, sparse);
        }
        long moved = moveOut(sparse, false, owners);
        // Each drain that succeeds releases an arena; the bound only guards against owners that keep
        // refilling one.
        for (int drains = arenas.arenaCount(); drains > 0 && !closed; drains--) {
            Arena victim = arenas.beginDrain();
            if (victim == null) {
                break;
            }
            try {
                Sources onVictim = new Sources();
                for (SizeClass c : distinctClasses) {
                    isolateHomedOn(c, victim, onVictim);
                }
                moved += moveOut(onVictim, true, owners);
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
        for (SizeClass c : distinctClasses) {
            synchronized (c) {
                if (!closed) {
                    c.trim();
                }
            }
        }
        return moved;
    }

    /** The chunks a compaction step isolated, by class index. */
    private final class Sources {
        final BitSet[] byClass = new BitSet[classes.length];

        void add(SizeClass c, int id) {
            c.setIsolated(id, true);
            if (byClass[c.index] == null) {
                byClass[c.index] = new BitSet();
            }
            byClass[c.index].set(id);
        }

        boolean holds(long handle) {
            BitSet chunks = byClass[Handle.sizeClass(handle)];
            return chunks != null && chunks.get(Handle.chunk(handle));
        }
    }

    /** Isolates every chunk of {@code c} with a block of {@code arena}. */
    private void isolateHomedOn(SizeClass c, Arena arena, Sources out) {
        synchronized (c) {
            for (int id = 0; id < c.chunkIdLimit() && !closed; id++) {
                if (c.inService(id) && !c.isolated(id) && c.isHomedOn(id, arena)) {
                    out.add(c, id);
                }
            }
        }
    }

    /**
     * Isolates the sparsest chunks of {@code c}, sparsest first, while the objects on them fit in the free
     * slots of the chunks left.
     */
    private void isolateSparsest(SizeClass c, Sources out) {
        synchronized (c) {
            if (closed) {
                return;
            }
            int n = 0;
            long[] candidates = new long[c.chunkIdLimit()];
            long freeSlots = 0;
            for (int id = 0; id < c.chunkIdLimit(); id++) {
                if (c.inService(id) && !c.isolated(id) && c.freeSlots(id) > 0) {
                    freeSlots += c.freeSlots(id);
                    candidates[n++] = (long) c.inUse(id) << 32 | id;
                }
            }
            Arrays.sort(candidates, 0, n);
            long toMove = 0;
            for (int k = 0; k < n; k++) {
                int id = (int) candidates[k];
                int inUse = c.inUse(id);
                if (freeSlots - c.freeSlots(id) < toMove + inUse) {
                    break;
                }
                freeSlots -= c.freeSlots(id);
                toMove += inUse;
                out.add(c, id);
            }
        }
    }

    /**
     * Moves the live objects of the isolated {@code sources} into other chunks (new ones too if
     * {@code mayOpen}) through one pass of their owners, then puts the sources back in service, releasing
     * those emptied. Returns how many moved.
     */
    private long moveOut(Sources sources, boolean mayOpen, ObjectOwners owners) {
        long[] moved = new long[1];
        owners.relocateAll(handle -> {
            if (closed || !sources.holds(handle)) {
                return handle;
            }
            long fresh = migrate(classes[Handle.sizeClass(handle)], handle, mayOpen);
            if (fresh == 0) {
                return handle;
            }
            moved[0]++;
            return fresh;
        });
        for (SizeClass c : distinctClasses) {
            BitSet chunks = sources.byClass[c.index];
            if (chunks == null) {
                continue;
            }
            synchronized (c) {
                if (closed) {
                    return moved[0];
                }
                for (int id = chunks.nextSetBit(0); id >= 0; id = chunks.nextSetBit(id + 1)) {
                    c.setIsolated(id, false);
                    releaseOrMarkPartial(c, id);
                }
            }
        }
        return moved[0];
    }

    /**
     * Called under the owner's lock: copies the object into a non-isolated chunk with room, or into a new
     * chunk if {@code mayOpen}; returns its new handle, or 0 when it stays where it is.
     */
    private long migrate(SizeClass c, long oldHandle, boolean mayOpen) {
        synchronized (c) {
            int from = Handle.chunk(oldHandle);
            int oldSlot = Handle.slot(oldHandle);
            if (closed || !c.inService(from) || !c.isLive(from, oldSlot)) {
                return 0;
            }
            int length = Handle.length(oldHandle);
            // Compaction is not a store: it grows an arena in place.
            long handle = place(c, length, mayOpen, true, NO_LANE);
            if (handle == 0) {
                return 0;
            }
            c.copy(from, oldSlot, Handle.chunk(handle), Handle.slot(handle), length, arenas);
            c.give(from, oldSlot);
            return handle;
        }
    }

    private void releaseOrMarkPartial(SizeClass c, int id) {
        if (c.isolated(id)) {
            return;
        }
        if (c.inUse(id) == 0) {
            c.unmapBlocks(id, arenas);
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
            synchronized (c) {
                n += figure.applyAsLong(c);
            }
        }
        return n;
    }

    /** Heap bytes of the pool's bookkeeping (per-class, per-chunk and per-arena arrays). */
    public long metadataBytes() {
        return arenas.metadataBytes() + sum(SizeClass::metadataBytes) + SizeClass.arrayBytes(4, classes.length)
                + SizeClass.arrayBytes(4, distinctClasses.length);
    }

    /** Releases every chunk and arena; objects still stored are gone. */
    @Override
    public void close() {
        closed = true;
        for (SizeClass c : distinctClasses) {
            synchronized (c) {
                for (int id = 0; id < c.chunkIdLimit(); id++) {
                    if (c.inService(id)) {
                        c.unmapBlocks(id, arenas);
                        c.releaseChunk(id);
                    }
                }
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
}
