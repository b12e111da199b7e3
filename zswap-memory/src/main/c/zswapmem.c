/*
 * The fault path of a CompressedMemory region, in C so that no thread of the faulting JVM is on it: a Java
 * thread blocked on a missing page is "in Java" and holds every safepoint until its fault is resolved, so a
 * resolver that a safepoint can stop would wedge the JVM.
 *
 * The region keeps a page table (state + compressed copy per page). Fault threads read the userfaultfd and
 * resolve every fault here: zero fill, decompression of the page's copy (lz4, zstd, raw deflate or lzo1x) with
 * readahead of evicted neighbours, or UFFDIO_POISON (SIGBUS) for a copy that cannot be decompressed. Java
 * evicts through zm_evict_begin / zm_evict_commit and compresses in between. Every state change and every
 * ioctl on a page happens under its group's mutex, held only inside one native call, never across Java.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <lz4.h>
#include <lzo/lzo1x.h>
#include <malloc.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#define API __attribute__((visibility("default")))

/* Newer than the distribution's linux/userfaultfd.h. */
#ifndef UFFD_FEATURE_POISON
#define UFFD_FEATURE_POISON (1 << 14)
#endif
#ifndef UFFDIO_POISON
struct uffdio_poison {
    struct uffdio_range range;
    __u64 mode;
    __s64 updated;
};
#define UFFDIO_POISON _IOWR(UFFDIO, 0x08, struct uffdio_poison)
#endif

enum codec { CODEC_LZ4 = 1, CODEC_ZSTD = 2, CODEC_DEFLATE = 3, CODEC_LZO = 4 };

/* Page states. Present: RESIDENT_DIRTY, RESIDENT_CLEAN (write-protected, copy valid), EVICTING (write-protected,
 * Java compressing). Absent: ZERO (no copy: never touched, or same-filled with zeros), EVICTED (copy). */
enum state { ZERO = 0, EVICTED, RESIDENT_DIRTY, RESIDENT_CLEAN, EVICTING, POISONED };

/* zm_evict_begin's verdict per page, read by Java. */
enum verdict { SKIPPED = 0, COMPRESS = 1, DROPPED_CLEAN = 2 };

#define GROUP_PAGES 64
/* Fault service times: 1 µs buckets below LINEAR_US, then one bucket per doubling. */
#define LINEAR_US 4096
#define LATENCY_BUCKETS (LINEAR_US + 20)

/* Counter slots of zm_stats, in the order of dev.acomp.zswap.memory.internal.NativeRegion.Counter. */
enum counter {
    C_FAULTS, C_ZERO_FILLS, C_LOADS, C_READAHEAD_PAGES, C_READAHEAD_HITS, C_WP_FAULTS, C_EVICTIONS,
    C_CLEAN_DROPS, C_SAME_FILLED, C_REJECTS, C_LOAD_FAILURES, C_FAULT_RACES, C_RESIDENT_PAGES, C_STORED_PAGES,
    C_STORED_BYTES, C_FAULT_NS, C_COUNTERS
};

struct page {
    void *copy;
    uint32_t len;   /* compressed length; == page size: stored raw */
    uint8_t state;
    uint8_t referenced; /* faulted in since the clock hand last passed: a second chance */
    uint8_t readahead;  /* mapped by readahead, not yet written */
    uint8_t pad;
};

struct fault_thread {
    struct zm_region *r;
    pthread_t thread;
    char *buf;
    ZSTD_DCtx *zstd;
    z_stream zlib;
    int zlib_ready;
};

struct zm_region {
    char *base;
    size_t size;
    size_t page_size;
    size_t pages;
    int uffd;
    int stop_fd;
    int codec;
    int readahead; /* most neighbours a fault maps: the window's ceiling */
    int user_mode_only;
    int poison;
    long store_budget;
    struct page *table;
    pthread_mutex_t *groups;
    size_t ngroups;
    int nthreads;
    struct fault_thread *threads;
    _Atomic long counters[C_COUNTERS];
    _Atomic long latency[LATENCY_BUCKETS];
    _Atomic int closing;
    /* The readahead window's state, as the kernel's swapin_nr_pages keeps it: hits since the last window was
     * set, the page after the last fault's run when it had no hits to judge by, and that window. */
    _Atomic int ra_hits;
    _Atomic long ra_prev;
    _Atomic int ra_window;
    /* Loaded pages written since (their write-protect fault) and dropped clean, recent history: when nearly all
     * are written, loads are mapped writable, as the kernel maps a swapped-in page it holds alone. */
    _Atomic long loads_written;
    _Atomic long loads_clean;
    _Atomic long loads_sampled;
    pthread_mutex_t pressure_lock;
    pthread_cond_t pressure;
    pthread_cond_t relief;
    long high_pages;
    long limit_pages;
};

/* How long a fault waits for eviction while the region is at its limit: a bound, so that a stopped evictor
 * (a safepoint) delays a fault, and the safepoint waiting for the faulting thread, by no more than this. */
#define BACKPRESSURE_NS 20000000L

static void count(struct zm_region *r, int c, long n) {
    atomic_fetch_add_explicit(&r->counters[c], n, memory_order_relaxed);
}

static long counter(struct zm_region *r, int c) {
    return atomic_load_explicit(&r->counters[c], memory_order_relaxed);
}

/*
 * Takes a copy's allocated size out of the store budget, or refuses. One compare-and-swap, because evictions of
 * different groups commit at once and a load-then-add would let two of them pass the budget together.
 */
static int reserve_stored(struct zm_region *r, long bytes) {
    long now = counter(r, C_STORED_BYTES);
    do {
        if (now + bytes > r->store_budget) {
            return 0;
        }
    } while (!atomic_compare_exchange_weak_explicit(&r->counters[C_STORED_BYTES], &now, now + bytes,
                                                    memory_order_relaxed, memory_order_relaxed));
    return 1;
}

static void resident(struct zm_region *r, long n) {
    long now = atomic_fetch_add_explicit(&r->counters[C_RESIDENT_PAGES], n, memory_order_relaxed) + n;
    if (n > 0 && now >= r->high_pages) {
        pthread_cond_signal(&r->pressure);
    } else if (n < 0 && now < r->limit_pages) {
        pthread_mutex_lock(&r->pressure_lock);
        pthread_cond_broadcast(&r->relief);
        pthread_mutex_unlock(&r->pressure_lock);
    }
}

static struct timespec deadline(long ns) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_nsec += ns;
    t.tv_sec += t.tv_nsec / 1000000000L;
    t.tv_nsec %= 1000000000L;
    return t;
}

/* At the limit, a fault waits a little for eviction to make room (backpressure), never for long. */
static void await_room(struct zm_region *r) {
    if (counter(r, C_RESIDENT_PAGES) < r->limit_pages
        || counter(r, C_STORED_BYTES) + (long)r->page_size > r->store_budget) {
        return; /* room, or none to be made: the store is full */
    }
    struct timespec until = deadline(BACKPRESSURE_NS);
    pthread_mutex_lock(&r->pressure_lock);
    pthread_cond_signal(&r->pressure);
    while (counter(r, C_RESIDENT_PAGES) >= r->limit_pages && !atomic_load(&r->closing)
           && pthread_cond_timedwait(&r->relief, &r->pressure_lock, &until) == 0) {
    }
    pthread_mutex_unlock(&r->pressure_lock);
}

static void free_copy(struct zm_region *r, struct page *p) {
    if (p->copy) {
        count(r, C_STORED_PAGES, -1);
        count(r, C_STORED_BYTES, -(long)malloc_usable_size(p->copy));
        free(p->copy);
        p->copy = NULL;
    }
    p->len = 0;
}

static int range_ioctl(struct zm_region *r, unsigned long req, size_t first, size_t n) {
    struct uffdio_range range = {(uintptr_t)(r->base + first * r->page_size), n * r->page_size};
    return ioctl(r->uffd, req, &range);
}

static int write_protect(struct zm_region *r, size_t first, size_t n, int on) {
    struct uffdio_writeprotect wp = {
        {(uintptr_t)(r->base + first * r->page_size), n * r->page_size}, on ? UFFDIO_WRITEPROTECT_MODE_WP : 0};
    return ioctl(r->uffd, UFFDIO_WRITEPROTECT, &wp);
}

/* Maps n pages from src; returns how many of them, from the first, are present now (a page a racing fault
 * mapped first counts). A partial copy (the kernel's EAGAIN with the bytes done) goes on from where it stopped. */
static size_t copy_pages(struct zm_region *r, size_t first, size_t n, const char *src, int wp) {
    size_t done = 0, len = n * r->page_size;
    while (done < len) {
        struct uffdio_copy c = {(uintptr_t)(r->base + first * r->page_size + done), (uintptr_t)(src + done),
                                len - done, wp ? UFFDIO_COPY_MODE_WP : 0, 0};
        if (ioctl(r->uffd, UFFDIO_COPY, &c) == 0) {
            return n;
        }
        if (c.copy > 0) {
            done += (size_t)c.copy;
        } else if (errno == EEXIST) {
            done += r->page_size;
        } else if (errno != EAGAIN) {
            break;
        }
    }
    return done / r->page_size;
}

static int decompress(struct fault_thread *t, const struct page *p, char *dst) {
    struct zm_region *r = t->r;
    int ps = (int)r->page_size;
    if (p->len == r->page_size) {
        memcpy(dst, p->copy, r->page_size);
        return 0;
    }
    switch (r->codec) {
    case CODEC_LZ4:
        return LZ4_decompress_safe(p->copy, dst, (int)p->len, ps) == ps ? 0 : -1;
    case CODEC_ZSTD: {
        size_t n = ZSTD_decompressDCtx(t->zstd, dst, r->page_size, p->copy, p->len);
        return !ZSTD_isError(n) && n == r->page_size ? 0 : -1;
    }
    case CODEC_DEFLATE:
        if (inflateReset(&t->zlib) != Z_OK) {
            return -1;
        }
        t->zlib.next_in = p->copy;
        t->zlib.avail_in = p->len;
        t->zlib.next_out = (Bytef *)dst;
        t->zlib.avail_out = (uInt)r->page_size;
        return inflate(&t->zlib, Z_FINISH) == Z_STREAM_END && t->zlib.avail_out == 0 ? 0 : -1;
    case CODEC_LZO: {
        lzo_uint n = r->page_size;
        return lzo1x_decompress_safe(p->copy, p->len, (unsigned char *)dst, &n, NULL) == LZO_E_OK
                       && n == r->page_size
                   ? 0
                   : -1;
    }
    }
    return -1;
}

static long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

/* A page whose copy cannot be decompressed: never zeros or garbage; the accessing thread gets SIGBUS
 * (a Java thread an InternalError), and the page stays poisoned until the region closes. */
static int poison_range(struct zm_region *r, size_t first, size_t n) {
    if (!r->poison) {
        return -1;
    }
    struct uffdio_poison up = {{(uintptr_t)(r->base + first * r->page_size), n * r->page_size}, 0, 0};
    if (ioctl(r->uffd, UFFDIO_POISON, &up) == 0) {
        return 0;
    }
    /* A page poisoned already (EEXIST) stops the range: the rest page by page. */
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        up = (struct uffdio_poison){{(uintptr_t)(r->base + (first + i) * r->page_size), r->page_size}, 0, 0};
        if (ioctl(r->uffd, UFFDIO_POISON, &up) != 0 && errno != EEXIST) {
            rc = -1;
        }
    }
    return rc;
}

static void poison(struct zm_region *r, size_t page) {
    struct page *p = &r->table[page];
    count(r, C_LOAD_FAILURES, 1);
    if (poison_range(r, page, 1) == 0) {
        free_copy(r, p);
        p->state = POISONED;
    }
    /* Without UFFDIO_POISON the faulting thread stays blocked: still never wrong data. */
}

/* Not resolved: the thread retries its access and faults again; counted as a race. */
static void retry(struct zm_region *r, size_t page) {
    count(r, C_FAULT_RACES, 1);
    range_ioctl(r, UFFDIO_WAKE, page, 1);
}

/*
 * The pages a fault on page reads (1: no readahead), the kernel's __swapin_nr_pages: hits + 2, rounded up to
 * a power of two from 4, or, with no hits to judge by, 2 for a fault next to the last one and 1 otherwise;
 * at most readahead + 1, and never below half the last window, so that it does not collapse on one miss.
 * "Next to" is the page just past the last fault's run: our readahead maps its pages, so a stream's next
 * fault is there, where the kernel's (whose readahead pages fault again, as minor faults) is at +1.
 */
static size_t readahead_window(struct zm_region *r, size_t page, int *hits) {
    size_t max = (size_t)r->readahead + 1;
    if (max == 1) {
        return 1;
    }
    *hits = atomic_exchange_explicit(&r->ra_hits, 0, memory_order_relaxed);
    size_t pages = (size_t)*hits + 2;
    if (pages == 2) {
        long prev = atomic_load_explicit(&r->ra_prev, memory_order_relaxed);
        if ((long)page != prev && (long)page != prev - 2) { /* past the run, or just before its page */
            pages = 1;
        }
    } else {
        size_t roundup = 4;
        while (roundup < pages) {
            roundup <<= 1;
        }
        pages = roundup;
    }
    if (pages > max) {
        pages = max;
    }
    size_t last = (size_t)atomic_load_explicit(&r->ra_window, memory_order_relaxed) / 2;
    if (pages < last) {
        pages = last;
    }
    atomic_store_explicit(&r->ra_window, (int)pages, memory_order_relaxed);
    return pages;
}

/* Loads mapped writable per one left write-protected, which keeps measuring whether loads get written. */
#define WRITABLE_SAMPLE 8
/* Most recent loads the two counts remember: past it both are halved. */
#define LOAD_HISTORY 4096

static void loaded_page_fate(struct zm_region *r, _Atomic long *fate) {
    atomic_fetch_add_explicit(fate, 1, memory_order_relaxed);
    if (atomic_load_explicit(&r->loads_written, memory_order_relaxed)
            + atomic_load_explicit(&r->loads_clean, memory_order_relaxed) > LOAD_HISTORY) {
        /* Racing halvings make the history shorter, never wrong. */
        atomic_store_explicit(&r->loads_written, atomic_load(&r->loads_written) / 2, memory_order_relaxed);
        atomic_store_explicit(&r->loads_clean, atomic_load(&r->loads_clean) / 2, memory_order_relaxed);
    }
}

/*
 * Whether a read fault maps its pages writable, their copies freed (dirty: eviction compresses them again),
 * saving the write-protect fault of each: when more than 7 in 8 of the recent loads' pages were written before
 * their eviction. One load in WRITABLE_SAMPLE stays write-protected, so that the history goes on.
 */
static int map_writable(struct zm_region *r) {
    long written = atomic_load_explicit(&r->loads_written, memory_order_relaxed);
    long clean = atomic_load_explicit(&r->loads_clean, memory_order_relaxed);
    return written > 7 * clean && written > 0
           && atomic_fetch_add_explicit(&r->loads_sampled, 1, memory_order_relaxed) % WRITABLE_SAMPLE != 0;
}

/* A readahead page used: written (its write-protect fault), or read through by a stream (see missing_fault). */
static void readahead_hit(struct zm_region *r, struct page *p) {
    p->readahead = 0;
    count(r, C_READAHEAD_HITS, 1);
    atomic_fetch_add_explicit(&r->ra_hits, 1, memory_order_relaxed);
}

static void missing_fault(struct fault_thread *t, size_t page, int write) {
    struct zm_region *r = t->r;
    struct page *p = &r->table[page];
    if (atomic_load(&r->closing)) {
        poison_range(r, page, 1);
        count(r, C_FAULT_RACES, 1);
        return;
    }
    switch (p->state) {
    case ZERO:
        if (write) {
            memset(t->buf, 0, r->page_size);
            if (copy_pages(r, page, 1, t->buf, 0) == 0) {
                retry(r, page);
                return;
            }
        } else {
            struct uffdio_zeropage z = {{(uintptr_t)(r->base + page * r->page_size), r->page_size}, 0, 0};
            while (ioctl(r->uffd, UFFDIO_ZEROPAGE, &z) != 0 && errno != EEXIST) {
                if (errno != EAGAIN) {
                    retry(r, page);
                    return;
                }
                z.zeropage = 0;
            }
        }
        p->state = RESIDENT_DIRTY;
        p->referenced = 1;
        count(r, C_ZERO_FILLS, 1);
        resident(r, 1);
        return;
    case EVICTED:
        break;
    default:
        /* Present already (a racing fault was first), or poisoned: wake the waiters. */
        count(r, C_FAULT_RACES, 1);
        range_ioctl(r, UFFDIO_WAKE, page, 1);
        return;
    }
    if (decompress(t, p, t->buf) != 0) {
        poison(r, page);
        return;
    }
    /* A fault just past readahead pages still unwritten: a stream read through them (a read of a mapped page
     * is not seen otherwise). Within the group, whose lock is held. */
    size_t start = page / GROUP_PAGES * GROUP_PAGES;
    for (size_t i = page; i > start && r->table[i - 1].readahead
                          && (r->table[i - 1].state == RESIDENT_CLEAN || r->table[i - 1].state == RESIDENT_DIRTY);
         i--) {
        readahead_hit(r, &r->table[i - 1]);
    }
    /* Readahead: the evicted pages that follow, within the group, mapped write-protected and clean. */
    int hits = 0;
    size_t window = readahead_window(r, page, &hits);
    size_t end = start + GROUP_PAGES;
    size_t n = 1;
    while (n < window && page + n < end && page + n < r->pages
           && r->table[page + n].state == EVICTED
           && decompress(t, &r->table[page + n], t->buf + n * r->page_size) == 0) {
        n++;
    }
    if (write) {
        /* Written at once: map it writable and forget the copy, saving a write-protect fault. */
        if (copy_pages(r, page, 1, t->buf, 0) == 0) {
            retry(r, page);
            return;
        }
        free_copy(r, p);
        p->state = RESIDENT_DIRTY;
        if (n > 1) {
            n = 1 + copy_pages(r, page + 1, n - 1, t->buf + r->page_size, 1);
        }
    } else {
        int writable = map_writable(r);
        n = copy_pages(r, page, n, t->buf, !writable);
        if (n == 0) {
            retry(r, page);
            return;
        }
        p->state = writable ? RESIDENT_DIRTY : RESIDENT_CLEAN;
        for (size_t i = 0; writable && i < n; i++) {
            free_copy(r, &r->table[page + i]);
            r->table[page + i].state = RESIDENT_DIRTY;
        }
    }
    p->referenced = 1;
    for (size_t i = 1; i < n; i++) {
        if (r->table[page + i].state == EVICTED) {
            r->table[page + i].state = RESIDENT_CLEAN;
        }
        r->table[page + i].readahead = 1;
        r->table[page + i].referenced = 1; /* or the clock hand drops it before its first use */
    }
    if (!hits) {
        atomic_store_explicit(&r->ra_prev, (long)(page + n), memory_order_relaxed);
    }
    count(r, C_LOADS, 1);
    count(r, C_READAHEAD_PAGES, (long)n - 1);
    resident(r, (long)n);
}

static void wp_fault(struct zm_region *r, size_t page) {
    struct page *p = &r->table[page];
    count(r, C_WP_FAULTS, 1);
    switch (p->state) {
    case RESIDENT_CLEAN:
        free_copy(r, p);
        loaded_page_fate(r, &r->loads_written);
        /* fall through */
    case EVICTING: /* zm_evict_commit sees the page dirty and keeps it */
        if (p->readahead) {
            readahead_hit(r, p);
        }
        p->state = RESIDENT_DIRTY;
        p->referenced = 1;
        /* fall through */
    case RESIDENT_DIRTY:
        write_protect(r, page, 1, 0); /* also wakes the writer */
        return;
    default:
        /* Gone since the fault was raised: the writer retries and faults as missing. */
        range_ioctl(r, UFFDIO_WAKE, page, 1);
    }
}

static void handle(struct fault_thread *t, const struct uffd_msg *m) {
    struct zm_region *r = t->r;
    if (m->event != UFFD_EVENT_PAGEFAULT) {
        return;
    }
    long start = now_ns();
    uintptr_t addr = (uintptr_t)m->arg.pagefault.address;
    size_t page = (addr - (uintptr_t)r->base) / r->page_size;
    if (page >= r->pages) {
        return;
    }
    pthread_mutex_t *lock = &r->groups[page / GROUP_PAGES];
    if (!(m->arg.pagefault.flags & UFFD_PAGEFAULT_FLAG_WP)) {
        await_room(r);
    }
    pthread_mutex_lock(lock);
    if (m->arg.pagefault.flags & UFFD_PAGEFAULT_FLAG_WP) {
        wp_fault(r, page);
    } else {
        count(r, C_FAULTS, 1);
        missing_fault(t, page, (m->arg.pagefault.flags & UFFD_PAGEFAULT_FLAG_WRITE) != 0);
    }
    pthread_mutex_unlock(lock);
    if (!(m->arg.pagefault.flags & UFFD_PAGEFAULT_FLAG_WP)) {
        long ns = now_ns() - start;
        long us = ns / 1000;
        int bucket = (int)us;
        if (us >= LINEAR_US) {
            bucket = LINEAR_US;
            for (long b = LINEAR_US * 2; b <= us && bucket < LATENCY_BUCKETS - 1; b *= 2) {
                bucket++;
            }
        }
        count(r, C_FAULT_NS, ns);
        atomic_fetch_add_explicit(&r->latency[bucket], 1, memory_order_relaxed);
    }
}

static void *fault_loop(void *arg) {
    struct fault_thread *t = arg;
    struct zm_region *r = t->r;
    struct uffd_msg msgs[16];
    struct pollfd fds[2] = {{r->uffd, POLLIN, 0}, {r->stop_fd, POLLIN, 0}};
    for (;;) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        if (fds[1].revents) {
            break;
        }
        ssize_t got = read(r->uffd, msgs, sizeof msgs);
        if (got < 0) {
            if (errno == EAGAIN || errno == EINTR) {
                continue;
            }
            break;
        }
        for (size_t i = 0; i < (size_t)got / sizeof msgs[0]; i++) {
            handle(t, &msgs[i]);
        }
    }
    return NULL;
}

/* Error stages reported to Java through err[0] (err[1] is errno). */
enum stage { E_NONE, E_MMAP, E_UFFD, E_API, E_REGISTER, E_THREADS, E_NOMEM, E_CODEC };

/* A userfaultfd: the system call, else /dev/userfaultfd, else (when allowed) the user-mode-only kind. */
static int open_uffd(int allow_user_mode_only, int *user_mode_only, int *err) {
    int flags = O_CLOEXEC | O_NONBLOCK;
    int fd = (int)syscall(SYS_userfaultfd, flags);
    if (fd >= 0) {
        return fd;
    }
    err[1] = errno;
    int dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);
    if (dev >= 0) {
        fd = ioctl(dev, USERFAULTFD_IOC_NEW, flags);
        close(dev);
        if (fd >= 0) {
            return fd;
        }
    }
    err[2] = errno; /* why /dev/userfaultfd did not serve */
    if (allow_user_mode_only) {
        fd = (int)syscall(SYS_userfaultfd, flags | UFFD_USER_MODE_ONLY);
        if (fd >= 0) {
            *user_mode_only = 1;
            return fd;
        }
    }
    return -1;
}

static void free_region(struct zm_region *r) {
    if (r->table) {
        for (size_t i = 0; i < r->pages; i++) {
            free(r->table[i].copy);
        }
        free(r->table);
    }
    if (r->threads) {
        for (int i = 0; i < r->nthreads; i++) {
            free(r->threads[i].buf);
            ZSTD_freeDCtx(r->threads[i].zstd);
            if (r->threads[i].zlib_ready) {
                inflateEnd(&r->threads[i].zlib);
            }
        }
        free(r->threads);
    }
    if (r->groups) {
        for (size_t i = 0; i < r->ngroups; i++) {
            pthread_mutex_destroy(&r->groups[i]);
        }
        free(r->groups);
    }
    if (r->uffd >= 0) {
        close(r->uffd);
    }
    if (r->stop_fd >= 0) {
        close(r->stop_fd);
    }
    free(r);
}

static void stop_threads(struct zm_region *r, int started) {
    uint64_t one = 1;
    if (write(r->stop_fd, &one, sizeof one) < 0) {
        /* an eventfd write of 1 cannot fail */
    }
    for (int i = 0; i < started; i++) {
        pthread_join(r->threads[i].thread, NULL);
    }
}

/*
 * Maps a region of size bytes (a multiple of page_size), registers it for missing and write-protect faults
 * and starts the fault threads. Returns 0 on failure with err[0] the stage, err[1] errno (err[2] the errno of
 * /dev/userfaultfd when the userfaultfd could not be made). flags bit 0: the user-mode-only kind is acceptable.
 */
API long zm_create(long size, int page_size, int codec, int fault_threads, int readahead, long store_budget,
                   long high_pages, long limit_pages, int flags, int *err) {
    struct zm_region *r = calloc(1, sizeof *r);
    if (!r) {
        err[0] = E_NOMEM;
        return 0;
    }
    r->uffd = -1;
    r->size = (size_t)size;
    r->page_size = (size_t)page_size;
    r->pages = r->size / r->page_size;
    r->codec = codec;
    r->readahead = readahead;
    r->store_budget = store_budget;
    r->high_pages = high_pages;
    r->limit_pages = limit_pages;
    r->nthreads = fault_threads;
    r->ngroups = (r->pages + GROUP_PAGES - 1) / GROUP_PAGES;
    pthread_mutex_init(&r->pressure_lock, NULL);
    pthread_cond_init(&r->pressure, NULL);
    pthread_cond_init(&r->relief, NULL);
    r->stop_fd = eventfd(0, EFD_CLOEXEC);
    r->table = calloc(r->pages, sizeof *r->table);
    r->groups = calloc(r->ngroups, sizeof *r->groups);
    r->threads = calloc((size_t)fault_threads, sizeof *r->threads);
    if (r->stop_fd < 0 || !r->table || !r->groups || !r->threads) {
        err[0] = E_NOMEM;
        err[1] = errno;
        r->ngroups = r->groups ? r->ngroups : 0;
        free_region(r);
        return 0;
    }
    for (size_t i = 0; i < r->ngroups; i++) {
        pthread_mutex_init(&r->groups[i], NULL);
    }
    if (codec == CODEC_LZO && lzo_init() != LZO_E_OK) {
        err[0] = E_CODEC;
        free_region(r);
        return 0;
    }
    for (int i = 0; i < fault_threads; i++) {
        struct fault_thread *t = &r->threads[i];
        t->r = r;
        t->buf = aligned_alloc(r->page_size, r->page_size * (size_t)(readahead + 1));
        t->zstd = ZSTD_createDCtx();
        t->zlib_ready = inflateInit2(&t->zlib, -15) == Z_OK;
        if (!t->buf || !t->zstd || !t->zlib_ready) {
            err[0] = E_NOMEM;
            free_region(r);
            return 0;
        }
    }
    r->uffd = open_uffd(flags & 1, &r->user_mode_only, err);
    if (r->uffd < 0) {
        err[0] = E_UFFD;
        free_region(r);
        return 0;
    }
    struct uffdio_api api = {UFFD_API, UFFD_FEATURE_PAGEFAULT_FLAG_WP | UFFD_FEATURE_POISON, 0};
    if (ioctl(r->uffd, UFFDIO_API, &api) != 0) {
        /* An older kernel: without poisoning, an unreadable page keeps its thread blocked. */
        close(r->uffd);
        r->uffd = open_uffd(flags & 1, &r->user_mode_only, err);
        api = (struct uffdio_api){UFFD_API, UFFD_FEATURE_PAGEFAULT_FLAG_WP, 0};
        if (r->uffd < 0 || ioctl(r->uffd, UFFDIO_API, &api) != 0) {
            err[0] = E_API;
            err[1] = errno;
            free_region(r);
            return 0;
        }
    }
    r->poison = (api.features & UFFD_FEATURE_POISON) != 0;
    r->base = mmap(NULL, r->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (r->base == MAP_FAILED) {
        err[0] = E_MMAP;
        err[1] = errno;
        free_region(r);
        return 0;
    }
    /* A forked child would see the region unregistered: evicted pages as zeros. It gets no mapping instead. */
    madvise(r->base, r->size, MADV_DONTFORK);
    /* Huge pages would fault in 2 MiB at a time, past the page table. */
    madvise(r->base, r->size, MADV_NOHUGEPAGE);
    struct uffdio_register reg = {{(uintptr_t)r->base, r->size},
                                  UFFDIO_REGISTER_MODE_MISSING | UFFDIO_REGISTER_MODE_WP, 0};
    if (ioctl(r->uffd, UFFDIO_REGISTER, &reg) != 0) {
        err[0] = E_REGISTER;
        err[1] = errno;
        munmap(r->base, r->size);
        free_region(r);
        return 0;
    }
    for (int i = 0; i < fault_threads; i++) {
        int rc = pthread_create(&r->threads[i].thread, NULL, fault_loop, &r->threads[i]);
        if (rc != 0) {
            stop_threads(r, i);
            err[0] = E_THREADS;
            err[1] = rc;
            munmap(r->base, r->size);
            free_region(r);
            return 0;
        }
    }
    return (long)(uintptr_t)r;
}

API long zm_address(long handle) {
    return (long)(uintptr_t)((struct zm_region *)(uintptr_t)handle)->base;
}

/* Bit 0: user-mode-only userfaultfd; bit 1: unreadable pages are poisoned (SIGBUS). */
API int zm_mode(long handle) {
    struct zm_region *r = (struct zm_region *)(uintptr_t)handle;
    return r->user_mode_only | r->poison << 1;
}

/*
 * Starts evicting pages first..first+n-1 (within one group), the clock hand's step: a page faulted in since the
 * hand last passed gets a second chance; a clean page is dropped at once, its copy kept; a dirty one is
 * write-protected and left to Java to compress (verdict COMPRESS, state EVICTING). Returns how many to compress.
 */
API int zm_evict_begin(long handle, long first, int n, char *verdicts) {
    struct zm_region *r = (struct zm_region *)(uintptr_t)handle;
    pthread_mutex_t *lock = &r->groups[(size_t)first / GROUP_PAGES];
    int compress = 0;
    long dropped = 0;
    pthread_mutex_lock(lock);
    for (int i = 0; i < n; i++) {
        struct page *p = &r->table[first + i];
        verdicts[i] = SKIPPED;
        if (p->state != RESIDENT_DIRTY && p->state != RESIDENT_CLEAN) {
            continue;
        }
        if (p->referenced) {
            p->referenced = 0;
            continue;
        }
        if (p->state == RESIDENT_CLEAN) {
            p->state = EVICTED;
            p->readahead = 0;
            verdicts[i] = DROPPED_CLEAN;
            loaded_page_fate(r, &r->loads_clean);
            dropped++;
        } else {
            p->readahead = 0; /* mapped writable by readahead, or written: no readahead page now */
            p->state = EVICTING;
            verdicts[i] = COMPRESS;
            compress++;
        }
    }
    /* One system call per run of pages with the same verdict, not one per page. */
    for (int i = 0; i < n;) {
        int j = i + 1;
        while (j < n && verdicts[j] == verdicts[i]) {
            j++;
        }
        if (verdicts[i] == DROPPED_CLEAN) {
            madvise(r->base + (size_t)(first + i) * r->page_size, (size_t)(j - i) * r->page_size, MADV_DONTNEED);
        } else if (verdicts[i] == COMPRESS && write_protect(r, (size_t)first + i, (size_t)(j - i), 1) != 0) {
            for (int k = i; k < j; k++) {
                r->table[first + k].state = RESIDENT_DIRTY;
                verdicts[k] = SKIPPED;
            }
            compress -= j - i;
        }
        i = j;
    }
    pthread_mutex_unlock(lock);
    count(r, C_CLEAN_DROPS, dropped);
    resident(r, -dropped);
    return compress;
}

/*
 * Ends an eviction: for each page with verdict COMPRESS, lens[i] is its compressed length at data + i * stride
 * (0: same-filled with zeros, page size: stored raw, -1: the compressor failed). A page written meanwhile stays
 * resident; so does one whose compressor failed or whose copy would pass the store budget (counted rejects).
 * The rest are released, their copies published. Returns how many were released.
 */
API int zm_evict_commit(long handle, long first, int n, const char *verdicts, const int *lens, const char *data,
                        int stride) {
    struct zm_region *r = (struct zm_region *)(uintptr_t)handle;
    pthread_mutex_t *lock = &r->groups[(size_t)first / GROUP_PAGES];
    int evicted = 0;
    char released[GROUP_PAGES] = {0};
    pthread_mutex_lock(lock);
    for (int i = 0; i < n; i++) {
        struct page *p = &r->table[first + i];
        if (verdicts[i] != COMPRESS || p->state != EVICTING) {
            continue;
        }
        int len = lens[i];
        void *copy = NULL;
        if (len > 0) {
            copy = malloc((size_t)len);
            if (copy && !reserve_stored(r, (long)malloc_usable_size(copy))) {
                free(copy);
                copy = NULL;
            }
            if (!copy) {
                count(r, C_REJECTS, 1);
                len = -1;
            }
        }
        if (len < 0) {
            if (lens[i] < 0) {
                count(r, C_REJECTS, 1); /* the compressor failed */
            }
            p->state = RESIDENT_DIRTY;
            write_protect(r, (size_t)first + i, 1, 0);
            continue;
        }
        if (copy) {
            memcpy(copy, data + (size_t)i * (size_t)stride, (size_t)len);
            p->copy = copy;
            p->len = (uint32_t)len;
            p->state = EVICTED;
            count(r, C_STORED_PAGES, 1);
        } else {
            p->state = ZERO;
            count(r, C_SAME_FILLED, 1);
        }
        released[i] = 1;
        evicted++;
    }
    for (int i = 0; i < n;) { /* one MADV_DONTNEED per run of released pages */
        int j = i + 1;
        while (j < n && released[j] == released[i]) {
            j++;
        }
        if (released[i]) {
            madvise(r->base + (size_t)(first + i) * r->page_size, (size_t)(j - i) * r->page_size, MADV_DONTNEED);
        }
        i = j;
    }
    pthread_mutex_unlock(lock);
    count(r, C_EVICTIONS, evicted);
    resident(r, -evicted);
    return evicted;
}

/* Waits up to timeout_ms for the resident pages to reach the high water mark; returns the resident pages. */
API long zm_wait_pressure(long handle, int timeout_ms) {
    struct zm_region *r = (struct zm_region *)(uintptr_t)handle;
    struct timespec until = deadline((long)timeout_ms * 1000000L);
    pthread_mutex_lock(&r->pressure_lock);
    if (counter(r, C_RESIDENT_PAGES) < r->high_pages && !atomic_load(&r->closing)) {
        pthread_cond_timedwait(&r->pressure, &r->pressure_lock, &until);
    }
    pthread_mutex_unlock(&r->pressure_lock);
    return counter(r, C_RESIDENT_PAGES);
}

/* Faults in the pages of [offset, offset + length) from this thread, in user mode. */
API void zm_prefault(long handle, long offset, long length) {
    struct zm_region *r = (struct zm_region *)(uintptr_t)handle;
    for (long o = offset - offset % (long)r->page_size; o < offset + length; o += (long)r->page_size) {
        (void)*(volatile char *)(r->base + o);
    }
}

API void zm_stats(long handle, long *out) {
    struct zm_region *r = (struct zm_region *)(uintptr_t)handle;
    for (int i = 0; i < C_COUNTERS; i++) {
        out[i] = counter(r, i);
    }
}

API int zm_latency_buckets(long handle, long *out, int n) {
    struct zm_region *r = (struct zm_region *)(uintptr_t)handle;
    for (int i = 0; i < n && i < LATENCY_BUCKETS; i++) {
        out[i] = atomic_load_explicit(&r->latency[i], memory_order_relaxed);
    }
    return LATENCY_BUCKETS;
}

/* Bytes of the page table and fault-thread buffers. */
API long zm_metadata_bytes(long handle) {
    struct zm_region *r = (struct zm_region *)(uintptr_t)handle;
    return (long)(r->pages * sizeof *r->table + r->ngroups * sizeof *r->groups
                  + (size_t)r->nthreads * r->page_size * (size_t)(r->readahead + 1));
}

/* Test hook: damages page's compressed copy so that its next load fails. Returns 0 if it had none. */
API int zm_corrupt_copy(long handle, long page) {
    struct zm_region *r = (struct zm_region *)(uintptr_t)handle;
    pthread_mutex_lock(&r->groups[(size_t)page / GROUP_PAGES]);
    struct page *p = &r->table[page];
    int had = p->state == EVICTED && p->len > 1 && p->len < r->page_size;
    if (had) {
        memset(p->copy, 0xff, p->len);
    }
    pthread_mutex_unlock(&r->groups[(size_t)page / GROUP_PAGES]);
    return had;
}

/*
 * Closes: the region's mapping is replaced, in place, by a mapping of an empty memfd, so that a thread still
 * touching the range gets SIGBUS (a Java thread an InternalError), as beyond the end of a file, instead of zeros
 * or another mapping's data; then the fault threads stop and the memory is freed. The address range stays
 * reserved, with no memory behind it. Returns 0, or 1 when no memfd could be mapped (the range is unmapped
 * then: a late access crashes).
 */
API int zm_close(long handle) {
    struct zm_region *r = (struct zm_region *)(uintptr_t)handle;
    atomic_store(&r->closing, 1);
    pthread_mutex_lock(&r->pressure_lock);
    pthread_cond_broadcast(&r->pressure);
    pthread_cond_broadcast(&r->relief);
    pthread_mutex_unlock(&r->pressure_lock);
    /* Every group locked: no fault thread maps a page meanwhile. */
    for (size_t g = 0; g < r->ngroups; g++) {
        pthread_mutex_lock(&r->groups[g]);
    }
    int fd = memfd_create("zswap-memory-closed", MFD_CLOEXEC);
    void *m = fd >= 0 ? mmap(r->base, r->size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0) : MAP_FAILED;
    if (fd >= 0) {
        close(fd);
    }
    if (m == MAP_FAILED) {
        munmap(r->base, r->size);
    }
    for (size_t i = 0; i < r->pages; i++) {
        free_copy(r, &r->table[i]);
        r->table[i].state = POISONED;
    }
    for (size_t g = 0; g < r->ngroups; g++) {
        pthread_mutex_unlock(&r->groups[g]);
    }
    /* Threads blocked in a fault retry it, on the new mapping. */
    range_ioctl(r, UFFDIO_WAKE, 0, r->pages);
    stop_threads(r, r->nthreads);
    free_region(r);
    return m == MAP_FAILED;
}
