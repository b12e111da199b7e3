/*
 * qplsim: a test double of Intel QPL 1.x (libqpl.so.1) for the acomp tests. Never shipped.
 *
 * It exports the job API functions with the real qpl_job layout, statuses and constants
 * (see /work/shared/design/qpl-abi.md) and does real raw DEFLATE with zlib. Hardware-path jobs run
 * asynchronously on pthread "engines" of N simulated devices, each with a bounded work queue;
 * software-path jobs run on the caller's thread. Faults are injected through environment variables
 * (read at load and by qplsim_reset) and through qplsim_configure(). Its timings mean nothing about IAA.
 *
 * Environment (defaults in brackets): QPLSIM_DEVICES [2], QPLSIM_ENGINES per device [4],
 * QPLSIM_QUEUE_DEPTH per device [32], QPLSIM_LATENCY_US per hardware job [0], QPLSIM_INIT_STATUS [0],
 * QPLSIM_INIT_FALLS_BACK [0], QPLSIM_BUSY_SUBMITS [0], QPLSIM_PAGE_FAULTS [0], QPLSIM_OP_ERRORS [0],
 * QPLSIM_OP_ERROR_STATUS [6], QPLSIM_SW_OP_ERRORS [0], QPLSIM_HEADER_GEN [0] (1: a device that
 * generates Huffman headers, IAA 2.0; 0: IAA 1.0), QPLSIM_BUSY_SECOND_PASSES [0]. Devices and engines
 * are fixed at the first hardware init; every other knob can be changed at run time with
 * qplsim_configure(key, value), key being the variable's name in lower case without the prefix.
 *
 * Where Intel's library is stricter than zlib, the simulator follows Intel's (intel/qpl at commit
 * 117ec5b7d2c6a0f1273338c79d624ff918f01edf, which reports itself as 1.6.0; each rule below names its
 * source file and was checked against a build of that commit where a software path could show it):
 * the job sizes; the size, overlap and level checks; the software compressor's 8-byte bit buffer,
 * which makes a Huffman stream need 7 bytes of room beyond its length; MORE_OUTPUT_NEEDED, never
 * DST_IS_SHORT, for a compression that does not fit; the hardware path's stored-block rewrite on
 * overflow; the safe buffer size; and the decompression statuses: the operation errors 2xx of the
 * emulated IAA error codes, ISA-L's negative codes passed through unconverted, and a truncated stream
 * that the software path reports as OK with the bytes decoded so far.
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#define EXPORT __attribute__((visibility("default")))

/* Statuses, paths, operations and flags of QPL 1.x. */
enum {
    STS_OK = 0,
    STS_BEING_PROCESSED = 1,
    STS_MORE_OUTPUT_NEEDED = 2,
    STS_MORE_INPUT_NEEDED = 3,
    STS_QUEUES_ARE_BUSY = 5,
    STS_LIBRARY_INTERNAL = 6,
    STS_NULL_PTR = 50,
    STS_OPERATION = 51,
    STS_PATH = 54,
    STS_SIZE = 57,
    STS_BUFFER_OVERLAP = 59,
    STS_UNSUPPORTED_LEVEL = 87,
    /* Decompression: operation errors, 200 + the IAA error code (include/qpl/c_api/status.h). */
    STS_BIG_HEADER = 201,
    STS_NO_LL_CODE = 205,
    STS_WRONG_NUM_LL_CODES = 206,
    STS_WRONG_NUM_DIST_CODES = 207,
    STS_BAD_CL_CODE_LEN = 208,
    STS_BAD_LL_CODE_LEN = 209,
    STS_BAD_DIST_CODE_LEN = 210,
    STS_BAD_LL_CODE = 211,
    STS_BAD_D_CODE = 212,
    STS_INVALID_BLOCK_TYPE = 213,
    STS_INVALID_STORED_LEN = 214,
    STS_BAD_EOF = 215,
    STS_BAD_DIST = 217,
    STS_REF_BEFORE_START = 218,
    STS_DST_IS_SHORT = 225,
    STS_PAGE_FAULT = 303,
    STS_INIT_WORK_QUEUES_NOT_AVAILABLE = 503
};
enum { PATH_AUTO = 0, PATH_HARDWARE = 1, PATH_SOFTWARE = 2 };
enum { OP_DECOMPRESS = 0, OP_COMPRESS = 1 };
enum { LEVEL_DEFAULT = 1, LEVEL_HIGH = 3 };
enum { FLAG_DYNAMIC_HUFFMAN = 0x2000, FLAG_OMIT_VERIFY = 0x4000 };

/* Not a qpl_status: a two-pass job whose statistics pass is done and whose compression pass is not yet
 * queued. */
#define STATISTICS_DONE 1000

/* ISA-L's ISAL_INVALID_BLOCK. The software path converts only ISA-L's emulated hardware codes (-2xx)
 * into positive statuses and passes its own negative codes through as the qpl_status
 * (sources/middle-layer/compression/inflate/isal_kernels_wrappers.cpp, isal_to_qpl_status). */
#define ISAL_INVALID_BLOCK (-1)

/* What qpl_get_job_size reports on x86-64 (the build of 117ec5b7; qpl-abi.md has the same for 1.6.0).
 * The simulator keeps its state at the end of that size, so a job allocated smaller breaks at once. */
#define JOB_SIZE_AUTO 830784u
#define JOB_SIZE_HARDWARE 188736u
#define JOB_SIZE_SOFTWARE 740864u

/* The public part of qpl_job, 240 bytes on x86-64, with the offsets of qpl-abi.md. */
typedef struct {
    uint8_t *next_in_ptr;
    uint32_t available_in;
    uint32_t total_in;
    uint8_t *next_out_ptr;
    uint32_t available_out;
    uint32_t total_out;
    uint32_t op;
    uint32_t flags;
    uint32_t crc;
    uint32_t xor_checksum;
    uint32_t last_bit_offset;
    uint32_t level;
    uint32_t statistics_mode;
    void *huffman_table;
    void *dictionary;
    uint32_t mini_block_size;
    uint64_t *idx_array;
    uint32_t idx_max_size;
    uint32_t idx_num_written;
    uint8_t decomp_end_processing;
    uint8_t ignore_start_bits;
    uint8_t ignore_end_bits;
    uint64_t crc64_poly;
    uint64_t crc64;
    uint8_t analytics[60];
    int32_t numa_id;
    struct {
        void *internal[5];
        uint32_t path;
    } data_ptr;
} sim_qpl_job;

_Static_assert(offsetof(sim_qpl_job, op) == 32, "op");
_Static_assert(offsetof(sim_qpl_job, level) == 52, "level");
_Static_assert(offsetof(sim_qpl_job, crc64_poly) == 112, "crc64_poly");
_Static_assert(offsetof(sim_qpl_job, numa_id) == 188, "numa_id");
_Static_assert(offsetof(sim_qpl_job, data_ptr) == 192, "data_ptr");
_Static_assert(offsetof(sim_qpl_job, data_ptr.path) == 232, "data_ptr.path");
_Static_assert(sizeof(sim_qpl_job) == 240, "sizeof qpl_job");

#define SIM_MAGIC 0x51504c53u

/* The simulator's private state, right after the public part, reached through data_ptr.internal[0]:
 * an absolute pointer, so the job must not move after init, as with the real library. */
typedef struct sim_state {
    uint32_t magic;
    uint32_t path;
    int status;            /* atomic: STS_BEING_PROCESSED while a hardware job is in flight */
    int passes_left;       /* of a hardware job: 2 before a statistics pass, else 1 */
    struct sim_state *next; /* device queue link */
    sim_qpl_job *job;
} sim_state;

typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t work;
    sim_state *head;
    sim_state *tail;
    long occupancy; /* queued and being processed, against the queue depth */
} sim_device;

#define MAX_DEVICES 8
#define MAX_ENGINES 8

static struct {
    long devices, engines;
    long queue_depth, latency_us;
    long init_status, init_falls_back;
    long busy_submits, page_faults, op_errors, op_error_status, sw_op_errors;
    long header_gen, busy_second_passes;
    long in_flight, max_in_flight;
    long hardware_jobs, software_jobs, verified_jobs;
    unsigned long next_device;
} sim;

static sim_device devices[MAX_DEVICES];
static pthread_once_t engines_started = PTHREAD_ONCE_INIT;

static long env_long(const char *name, long fallback) {
    const char *v = getenv(name);
    if (v == NULL || *v == '\0') {
        return fallback;
    }
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    return (errno != 0 || *end != '\0') ? fallback : n;
}

static long clamp(long v, long lo, long hi) {
    return v < lo ? lo : (v > hi ? hi : v);
}

static long load(long *p) {
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store(long *p, long v) {
    __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* Takes one from a "next N" counter; true when it was positive. */
static int take_one(long *counter) {
    long n = load(counter);
    while (n > 0) {
        if (__atomic_compare_exchange_n(counter, &n, n - 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            return 1;
        }
    }
    return 0;
}

static void read_environment(void) {
    if (load(&sim.devices) == 0) {
        store(&sim.devices, clamp(env_long("QPLSIM_DEVICES", 2), 1, MAX_DEVICES));
        store(&sim.engines, clamp(env_long("QPLSIM_ENGINES", 4), 1, MAX_ENGINES));
    }
    store(&sim.queue_depth, clamp(env_long("QPLSIM_QUEUE_DEPTH", 32), 1, 1 << 20));
    store(&sim.latency_us, clamp(env_long("QPLSIM_LATENCY_US", 0), 0, 10000000));
    store(&sim.init_status, env_long("QPLSIM_INIT_STATUS", STS_OK));
    store(&sim.init_falls_back, env_long("QPLSIM_INIT_FALLS_BACK", 0));
    store(&sim.busy_submits, env_long("QPLSIM_BUSY_SUBMITS", 0));
    store(&sim.page_faults, env_long("QPLSIM_PAGE_FAULTS", 0));
    store(&sim.op_errors, env_long("QPLSIM_OP_ERRORS", 0));
    store(&sim.op_error_status, env_long("QPLSIM_OP_ERROR_STATUS", STS_LIBRARY_INTERNAL));
    store(&sim.sw_op_errors, env_long("QPLSIM_SW_OP_ERRORS", 0));
    store(&sim.header_gen, env_long("QPLSIM_HEADER_GEN", 0));
    store(&sim.busy_second_passes, env_long("QPLSIM_BUSY_SECOND_PASSES", 0));
}

__attribute__((constructor)) static void sim_load(void) {
    for (int i = 0; i < MAX_DEVICES; i++) {
        pthread_mutex_init(&devices[i].lock, NULL);
        pthread_cond_init(&devices[i].work, NULL);
    }
    read_environment();
}

/* ---- DEFLATE with zlib: 4 KiB history (windowBits -12) when compressing, as IAA does ---- */

/* Stored blocks hold at most 65535 bytes behind a 5-byte header. */
#define STORED_BLOCK_MAX 65535u

static uint64_t stored_size(uint32_t n) {
    uint64_t blocks = n == 0 ? 1 : (n + (uint64_t) STORED_BLOCK_MAX - 1) / STORED_BLOCK_MAX;
    return n + 5 * blocks;
}

/* True when zlib wrote only stored blocks: they end on a byte and need no room beyond their length. */
static int only_stored_blocks(const uint8_t *out, uint32_t length) {
    uint32_t at = 0;
    while (at + 5 <= length && ((out[at] >> 1) & 3) == 0) {
        int final = out[at] & 1;
        uint32_t len = out[at + 1] | (uint32_t) out[at + 2] << 8;
        at += 5 + len;
        if (final) {
            return at == length;
        }
    }
    return 0;
}

static void write_stored_blocks(sim_qpl_job *job) {
    uint32_t n = job->available_in, at = 0;
    uint8_t *out = job->next_out_ptr;
    do {
        uint32_t len = n - at < STORED_BLOCK_MAX ? n - at : STORED_BLOCK_MAX;
        *out++ = at + len == n ? 1 : 0;
        *out++ = (uint8_t) len;
        *out++ = (uint8_t) (len >> 8);
        *out++ = (uint8_t) ~len;
        *out++ = (uint8_t) (~len >> 8);
        memcpy(out, job->next_in_ptr + at, len);
        out += len;
        at += len;
    } while (at < n);
}

static void consumed(sim_qpl_job *job, uint32_t in, uint32_t out) {
    job->total_in = in;
    job->total_out = out;
    job->next_in_ptr += in;
    job->available_in -= in;
    job->next_out_ptr += out;
    job->available_out -= out;
}

/* The software compressor writes through ISA-L's 64-bit bit buffer and flushes the last partial byte
 * only with 8 bytes of room left (sources/middle-layer/compression/deflate/compression_units/
 * auxiliary_units.cpp, finish_deflate_block: avail_out < bit_buffer_slope_bytes gives
 * more_output_needed; sources/isal/igzip/bitbuf2.h set_buf keeps the same 8-byte slop), so a Huffman
 * stream of n bytes needs n + 7 bytes of destination, as every Huffman stream of the real build does.
 * Stored blocks are copied and fit exactly. What the device needs cannot be seen without one: the
 * hardware path is left exact. */
#define SOFTWARE_HUFFMAN_HEADROOM 7u

static int run_compress(sim_qpl_job *job, int path) {
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, job->level == LEVEL_HIGH ? 6 : 1, Z_DEFLATED, -12, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        return STS_LIBRARY_INTERNAL;
    }
    z.next_in = job->next_in_ptr;
    z.avail_in = job->available_in;
    z.next_out = job->next_out_ptr;
    z.avail_out = job->available_out;
    int rc = deflate(&z, Z_FINISH);
    uint32_t in = (uint32_t) z.total_in, out = (uint32_t) z.total_out;
    if (rc == Z_OK && z.avail_out == 0) {
        /* zlib stops when the output is exactly full, before it knows the stream is complete: finish
         * into a spare byte, which must stay unused. */
        unsigned char spare;
        z.next_out = &spare;
        z.avail_out = 1;
        rc = deflate(&z, Z_FINISH);
        if (z.avail_out == 0) {
            rc = Z_BUF_ERROR;
        }
    }
    deflateEnd(&z);
    int fits = rc == Z_STREAM_END && out <= stored_size(job->available_in)
               && (path == PATH_HARDWARE || only_stored_blocks(job->next_out_ptr, out)
                   || job->available_out - out >= SOFTWARE_HUFFMAN_HEADROOM);
    if (!fits) {
        /* Never beyond the stored size, and stored blocks when the Huffman block does not fit: the
         * software path stores a block that would come out larger or would not fit (sources/middle-layer/
         * compression/deflate/compression_units/icf_units.cpp, create_icf_block_header), and the hardware
         * path rewrites an overflowing job as stored blocks (sources/c_api/legacy_hw_path/
         * qpl_hw_check_job.cpp, write_stored_block_and_update_job). What fits neither way is
         * MORE_OUTPUT_NEEDED on both paths, never DST_IS_SHORT. */
        if (stored_size(job->available_in) > job->available_out) {
            return STS_MORE_OUTPUT_NEEDED;
        }
        write_stored_blocks(job);
        in = job->available_in;
        out = (uint32_t) stored_size(job->available_in);
    }
    consumed(job, in, out);
    return STS_OK;
}

/* Reads a DEFLATE stream's bits, least significant first, as ISA-L does. */
typedef struct {
    const uint8_t *in;
    uint64_t bits; /* bits in the stream */
    uint64_t at;   /* next bit */
} bit_reader;

/* The next n bits, or -1 when the stream ends first. */
static long take_bits(bit_reader *r, int n) {
    if (r->at + (uint64_t) n > r->bits) {
        r->at = r->bits;
        return -1;
    }
    long v = 0;
    for (int i = 0; i < n; i++, r->at++) {
        v |= (long) ((r->in[r->at >> 3] >> (r->at & 7)) & 1) << i;
    }
    return v;
}

enum header_verdict { HEADER_COMPLETE, HEADER_TRUNCATED, HEADER_INVALID_BLOCK };

/* Reads the header of the block starting at bit `start` the way ISA-L's setup_dynamic_header does
 * (sources/isal/igzip/igzip_inflate.c, built with QPL_LIB) for the two cases where it returns
 * ISAL_INVALID_BLOCK (-1): all code length code lengths zero, and the stream ending inside the code
 * lengths after the end-of-block symbol's length was read as zero. Everything else is left to zlib. */
static enum header_verdict read_block_header(const uint8_t *in, uint32_t length, uint64_t start) {
    static const uint8_t order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    bit_reader r = {in, (uint64_t) length * 8, start};
    long head = take_bits(&r, 3);
    if (head < 0) {
        return HEADER_TRUNCATED;
    }
    if ((head >> 1) != 2) {
        return HEADER_COMPLETE;
    }
    long hlit = take_bits(&r, 5), hdist = take_bits(&r, 5), hclen = take_bits(&r, 4);
    if (hclen < 0) {
        return HEADER_TRUNCATED;
    }
    if (hlit > 29 || hdist > 29) {
        return HEADER_COMPLETE;
    }
    uint8_t cl[19] = {0};
    int any = 0;
    for (int i = 0; i < hclen + 4; i++) {
        long len = take_bits(&r, 3);
        if (len < 0) {
            return HEADER_TRUNCATED;
        }
        cl[order[i]] = (uint8_t) len;
        any |= (int) len;
    }
    if (!any) {
        return HEADER_INVALID_BLOCK;
    }
    /* Canonical code of the code length alphabet (RFC 1951, 3.2.2); an over-subscribed one is
     * BAD_CL_CODE_LEN, which zlib names. ISA-L, unlike zlib, accepts an incomplete one. */
    int count[8] = {0}, next[8] = {0}, code[19];
    for (int i = 0; i < 19; i++) {
        count[cl[i]]++;
    }
    count[0] = 0;
    int kraft = 0;
    for (int bits = 1; bits < 8; bits++) {
        kraft += count[bits] << (7 - bits);
    }
    if (kraft > 128) {
        return HEADER_COMPLETE;
    }
    for (int bits = 1; bits < 8; bits++) {
        next[bits] = (next[bits - 1] + count[bits - 1]) << 1;
    }
    for (int i = 0; i < 19; i++) {
        code[i] = cl[i] ? next[cl[i]]++ : -1;
    }
    int total = (int) hlit + 257 + (int) hdist + 1, filled = 0;
    uint8_t lens[320] = {0};
    while (filled < total) {
        int sym = -1, value = 0;
        for (int bits = 1; bits < 8 && sym < 0; bits++) {
            long bit = take_bits(&r, 1);
            if (bit < 0) {
                return filled > 256 && lens[256] == 0 ? HEADER_INVALID_BLOCK : HEADER_TRUNCATED;
            }
            value = (value << 1) | (int) bit;
            for (int i = 0; i < 19; i++) {
                if (cl[i] == bits && code[i] == value) {
                    sym = i;
                }
            }
        }
        if (sym < 0) {
            return HEADER_COMPLETE; /* a bad code: zlib names it */
        }
        int repeat = 1, value_of = sym;
        if (sym == 16) {
            if (filled == 0) {
                return HEADER_COMPLETE;
            }
            value_of = lens[filled - 1];
            repeat = 3 + (int) take_bits(&r, 2);
        } else if (sym == 17) {
            value_of = 0;
            repeat = 3 + (int) take_bits(&r, 3);
        } else if (sym == 18) {
            value_of = 0;
            repeat = 11 + (int) take_bits(&r, 7);
        }
        for (int i = 0; i < repeat && filled < total; i++) {
            lens[filled++] = (uint8_t) value_of;
        }
    }
    return HEADER_COMPLETE;
}

/* The operation error matching zlib's reason, as ISA-L or the device names it. */
static int data_error(const z_stream *z, int path) {
    static const struct {
        const char *says;
        int status;
    } reasons[] = {
        {"block type", STS_INVALID_BLOCK_TYPE},          {"stored block", STS_INVALID_STORED_LEN},
        {"too many length", STS_WRONG_NUM_LL_CODES},     {"code lengths set", STS_BAD_CL_CODE_LEN},
        {"bit length repeat", STS_WRONG_NUM_DIST_CODES}, {"end-of-block", STS_NO_LL_CODE},
        {"literal/lengths set", STS_BAD_LL_CODE_LEN},    {"distances set", STS_BAD_DIST_CODE_LEN},
        {"literal/length code", STS_BAD_LL_CODE},        {"distance code", STS_BAD_D_CODE},
    };
    const char *msg = z->msg != NULL ? z->msg : "";
    if (strstr(msg, "too far back") != NULL) {
        /* Before the start of the output, or (hardware) beyond the device's 4 KiB history. */
        return path == PATH_HARDWARE && z->total_out >= 4096 ? STS_BAD_DIST : STS_REF_BEFORE_START;
    }
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
        if (strstr(msg, reasons[i].says) != NULL) {
            return reasons[i].status;
        }
    }
    return STS_BAD_LL_CODE;
}

/* The hardware path models IAA's 4 KiB decompression history: zlib checks distances only against its
 * window plus the output of the current call, so the output is produced in small steps through a 4 KiB
 * window, and a distance beyond 4 KiB (give or take one step) fails with BAD_DIST. The stream is read a
 * block at a time (Z_BLOCK) to know where the block that failed began. */
#define HARDWARE_INFLATE_STEP 64u

static int run_decompress(sim_qpl_job *job, int path) {
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, path == PATH_HARDWARE ? -12 : -15) != Z_OK) {
        return STS_LIBRARY_INTERNAL;
    }
    uint32_t limit = job->available_out;
    uint32_t step = path == PATH_HARDWARE ? HARDWARE_INFLATE_STEP : limit;
    uint64_t block_start = 0;
    z.next_in = job->next_in_ptr;
    z.avail_in = job->available_in;
    z.next_out = job->next_out_ptr;
    int rc = Z_OK;
    while (rc == Z_OK) {
        uint32_t room = limit - (uint32_t) z.total_out;
        z.avail_out = room < step ? room : step;
        rc = inflate(&z, Z_BLOCK);
        if (rc == Z_OK && (z.data_type & 128) != 0) {
            block_start = (uint64_t) z.total_in * 8 - (uint64_t) (z.data_type & 7);
        }
    }
    int status;
    uint32_t in = (uint32_t) z.total_in, out = (uint32_t) z.total_out;
    if (rc == Z_STREAM_END) {
        status = STS_OK;
    } else if (rc == Z_BUF_ERROR && out == limit) {
        status = limit == 0 && path == PATH_HARDWARE ? STS_DST_IS_SHORT : STS_MORE_OUTPUT_NEEDED;
    } else if (rc == Z_BUF_ERROR || rc == Z_DATA_ERROR) {
        enum header_verdict header = read_block_header(job->next_in_ptr, job->available_in, block_start);
        if (path == PATH_SOFTWARE && header == HEADER_INVALID_BLOCK) {
            status = ISAL_INVALID_BLOCK;
        } else if (rc == Z_DATA_ERROR) {
            status = data_error(&z, path);
        } else if (path == PATH_SOFTWARE) {
            /* ISA-L's END_INPUT becomes MORE_INPUT_NEEDED, which own_inflate then overwrites with OK
             * (sources/middle-layer/compression/inflate/inflate.cpp): a truncated stream succeeds
             * with what it decoded. */
            status = STS_OK;
        } else {
            /* The device is told to check for the final end-of-block on a LAST job (sources/c_api/
             * legacy_hw_path/qpl_hw_inflate_job.cpp, hw_iaa_descriptor_set_inflate_stop_check_rule);
             * which error it reports for a truncated stream is not visible without one: the sim says
             * BIGHDR inside a header and BAD_EOF (core-iaa/include/hw_status.h) after one. */
            status = header == HEADER_TRUNCATED ? STS_BIG_HEADER : STS_BAD_EOF;
        }
    } else {
        status = STS_LIBRARY_INTERNAL;
    }
    inflateEnd(&z);
    if (status == STS_OK) {
        consumed(job, in, out);
    }
    return status;
}

static int overlap(const uint8_t *a, uint32_t a_size, const uint8_t *b, uint32_t b_size) {
    return (b >= a && b < a + a_size) || (a >= b && a < b + b_size);
}

/* The checks qpl_submit_job makes before running a job (sources/c_api/compression_operations/
 * arguments_check.hpp, sources/c_api/job_execution_api.cpp). */
static int validate(const sim_qpl_job *job, int path) {
    if (job->next_in_ptr == NULL || job->next_out_ptr == NULL) {
        return STS_NULL_PTR;
    }
    if (job->op != OP_COMPRESS && job->op != OP_DECOMPRESS) {
        return STS_OPERATION;
    }
    if (job->op == OP_COMPRESS && path == PATH_HARDWARE && job->level == LEVEL_HIGH) {
        return STS_UNSUPPORTED_LEVEL;
    }
    if (overlap(job->next_in_ptr, job->available_in, job->next_out_ptr, job->available_out)) {
        return STS_BUFFER_OVERLAP;
    }
    if (job->op == OP_COMPRESS && (job->available_in == 0 || job->available_out == 0)) {
        return STS_SIZE;
    }
    if (job->op == OP_COMPRESS && job->level != LEVEL_DEFAULT && job->level != LEVEL_HIGH) {
        return STS_UNSUPPORTED_LEVEL;
    }
    return STS_OK;
}

static int run_job(sim_qpl_job *job, int path) {
    job->total_in = 0;
    job->total_out = 0;
    if ((job->flags & FLAG_OMIT_VERIFY) == 0 && job->op == OP_COMPRESS) {
        __atomic_add_fetch(&sim.verified_jobs, 1, __ATOMIC_RELAXED);
    }
    return job->op == OP_COMPRESS ? run_compress(job, path) : run_decompress(job, path);
}

/* ---- simulated devices ---- */

static void sleep_us(long us) {
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static void finish(sim_state *st, int status) {
    __atomic_sub_fetch(&sim.in_flight, 1, __ATOMIC_ACQ_REL);
    __atomic_store_n(&st->status, status, __ATOMIC_RELEASE);
}

static void *engine_main(void *arg) {
    sim_device *dev = arg;
    for (;;) {
        pthread_mutex_lock(&dev->lock);
        while (dev->head == NULL) {
            pthread_cond_wait(&dev->work, &dev->lock);
        }
        sim_state *st = dev->head;
        dev->head = st->next;
        if (dev->head == NULL) {
            dev->tail = NULL;
        }
        pthread_mutex_unlock(&dev->lock);

        long latency = load(&sim.latency_us);
        if (latency > 0) {
            sleep_us(latency);
        }
        int status;
        if (take_one(&sim.page_faults)) {
            status = STS_PAGE_FAULT;
        } else if (take_one(&sim.op_errors)) {
            status = (int) load(&sim.op_error_status);
        } else if (st->passes_left == 2) {
            st->passes_left = 1;
            status = STATISTICS_DONE;
        } else {
            status = run_job(st->job, PATH_HARDWARE);
        }
        pthread_mutex_lock(&dev->lock);
        dev->occupancy--;
        pthread_mutex_unlock(&dev->lock);
        finish(st, status);
    }
    return NULL;
}

static void start_engines(void) {
    long n = load(&sim.devices), e = load(&sim.engines);
    for (long d = 0; d < n; d++) {
        for (long i = 0; i < e; i++) {
            pthread_t t;
            if (pthread_create(&t, NULL, engine_main, &devices[d]) == 0) {
                pthread_detach(t);
            }
        }
    }
}

static void record_in_flight(void) {
    long now = __atomic_add_fetch(&sim.in_flight, 1, __ATOMIC_ACQ_REL);
    long max = load(&sim.max_in_flight);
    while (now > max && !__atomic_compare_exchange_n(&sim.max_in_flight, &max, now, 0, __ATOMIC_ACQ_REL,
                                                     __ATOMIC_ACQUIRE)) {
    }
}

/* Places the job on the first device, round robin, whose queue has room. */
static int enqueue(sim_state *st) {
    long n = load(&sim.devices), depth = load(&sim.queue_depth);
    unsigned long first = __atomic_fetch_add(&sim.next_device, 1, __ATOMIC_RELAXED);
    for (long k = 0; k < n; k++) {
        sim_device *dev = &devices[(first + (unsigned long) k) % (unsigned long) n];
        pthread_mutex_lock(&dev->lock);
        if (dev->occupancy < depth) {
            dev->occupancy++;
            __atomic_store_n(&st->status, STS_BEING_PROCESSED, __ATOMIC_RELEASE);
            record_in_flight();
            st->next = NULL;
            if (dev->tail != NULL) {
                dev->tail->next = st;
            } else {
                dev->head = st;
            }
            dev->tail = st;
            pthread_cond_signal(&dev->work);
            pthread_mutex_unlock(&dev->lock);
            return STS_OK;
        }
        pthread_mutex_unlock(&dev->lock);
    }
    return STS_QUEUES_ARE_BUSY;
}

/* ---- the QPL job API ---- */

static sim_state *state_of(void *job) {
    if (job == NULL) {
        return NULL;
    }
    sim_state *st = ((sim_qpl_job *) job)->data_ptr.internal[0];
    return (st != NULL && st->magic == SIM_MAGIC) ? st : NULL;
}

EXPORT const char *qpl_get_library_version(void) {
    return "1.6.0";
}

static uint32_t job_size(int path) {
    return path == PATH_AUTO ? JOB_SIZE_AUTO : (path == PATH_HARDWARE ? JOB_SIZE_HARDWARE : JOB_SIZE_SOFTWARE);
}

EXPORT int qpl_get_job_size(int path, uint32_t *size) {
    if (size == NULL) {
        return STS_NULL_PTR;
    }
    if (path < PATH_AUTO || path > PATH_SOFTWARE) {
        return STS_PATH;
    }
    *size = job_size(path);
    return STS_OK;
}

EXPORT int qpl_init_job(int path, void *job) {
    if (job == NULL) {
        return STS_NULL_PTR;
    }
    if (path < PATH_AUTO || path > PATH_SOFTWARE) {
        return STS_PATH;
    }
    int actual = path == PATH_AUTO ? PATH_SOFTWARE : path;
    if (path == PATH_HARDWARE) {
        long init = load(&sim.init_status);
        if (init != STS_OK) {
            return (int) init;
        }
        if (load(&sim.init_falls_back)) {
            actual = PATH_SOFTWARE;
        } else {
            pthread_once(&engines_started, start_engines);
        }
    }
    sim_qpl_job *j = job;
    sim_state *st = (sim_state *) ((uint8_t *) job + job_size(path) - sizeof(sim_state));
    memset(j, 0, sizeof(sim_qpl_job));
    memset(st, 0, sizeof(sim_state));
    st->magic = SIM_MAGIC;
    st->path = (uint32_t) actual;
    st->status = STS_OK;
    st->job = j;
    j->data_ptr.internal[0] = st;
    j->data_ptr.path = (uint32_t) actual;
    j->numa_id = path == PATH_SOFTWARE ? 0 : -1;
    j->level = LEVEL_DEFAULT;
    return STS_OK;
}

/* A dynamic Huffman compression on a device without header generation (IAA 1.0), or with it for more
 * than 4 KiB, is two descriptors: statistics, then the compression, which qpl_check_job submits once the
 * first is done (sources/c_api/legacy_hw_path/qpl_hw_compress_job.cpp; qpl_hw_check_job.cpp,
 * hw_check_compress_job). When the queues are full that check returns QUEUES_ARE_BUSY_ERR and the job
 * stays submitted: the next check tries again. */
static int two_passes(const sim_qpl_job *job) {
    return job->op == OP_COMPRESS && (job->flags & FLAG_DYNAMIC_HUFFMAN) != 0
           && (!load(&sim.header_gen) || job->available_in > 4096);
}

EXPORT int qpl_check_job(void *job) {
    sim_state *st = state_of(job);
    if (st == NULL) {
        return STS_NULL_PTR;
    }
    int status = __atomic_load_n(&st->status, __ATOMIC_ACQUIRE);
    if (status != STATISTICS_DONE) {
        return status;
    }
    if (take_one(&sim.busy_second_passes) || enqueue(st) != STS_OK) {
        return STS_QUEUES_ARE_BUSY;
    }
    return STS_BEING_PROCESSED;
}

/* As Intel's: checks until the job is no longer being processed, so it may return QUEUES_ARE_BUSY_ERR. */
EXPORT int qpl_wait_job(void *job) {
    int status;
    while ((status = qpl_check_job(job)) == STS_BEING_PROCESSED) {
        sleep_us(5);
    }
    return status;
}

EXPORT int qpl_submit_job(void *job) {
    sim_state *st = state_of(job);
    if (st == NULL) {
        return STS_NULL_PTR;
    }
    if (__atomic_load_n(&st->status, __ATOMIC_ACQUIRE) == STS_BEING_PROCESSED) {
        return STS_LIBRARY_INTERNAL;
    }
    int invalid = validate(job, (int) st->path);
    if (invalid != STS_OK) {
        __atomic_store_n(&st->status, invalid, __ATOMIC_RELEASE);
        return invalid;
    }
    if (st->path == PATH_SOFTWARE) {
        __atomic_add_fetch(&sim.software_jobs, 1, __ATOMIC_RELAXED);
        int status = take_one(&sim.sw_op_errors) ? (int) load(&sim.op_error_status) : run_job(job, PATH_SOFTWARE);
        __atomic_store_n(&st->status, status, __ATOMIC_RELEASE);
        return status;
    }
    if (take_one(&sim.busy_submits)) {
        return STS_QUEUES_ARE_BUSY;
    }
    st->passes_left = two_passes(job) ? 2 : 1;
    int status = enqueue(st);
    if (status == STS_OK) {
        __atomic_add_fetch(&sim.hardware_jobs, 1, __ATOMIC_RELAXED);
    }
    return status;
}

EXPORT int qpl_execute_job(void *job) {
    int status = qpl_submit_job(job);
    return status == STS_OK ? qpl_wait_job(job) : status;
}

EXPORT int qpl_fini_job(void *job) {
    sim_state *st = state_of(job);
    if (st == NULL) {
        return STS_NULL_PTR;
    }
    /* Waits for a pass in flight; a second pass never queued is dropped. */
    while (__atomic_load_n(&st->status, __ATOMIC_ACQUIRE) == STS_BEING_PROCESSED) {
        sleep_us(5);
    }
    st->magic = 0;
    return STS_OK;
}

/* Stored blocks, plus 1 byte for the first block header, 32 for the output accumulator and 2 for the
 * end of block, rounded up to even (sources/c_api/utils_api.cpp; not in the v1.6.0 tag: added by
 * 4a1f9ae7 after it). */
EXPORT uint32_t qpl_get_safe_deflate_compression_buffer_size(uint32_t source_size) {
    if (source_size >= UINT32_MAX - 35) {
        return 0;
    }
    uint64_t n = stored_size(source_size) - 1 + 1 + 32 + 2;
    return (uint32_t) (n + (n & 1));
}

/* ---- control, for tests only ---- */

/* Sets a knob by the lower-case name of its environment variable (without QPLSIM_). 0, or -1 for an
 * unknown key. */
EXPORT int qplsim_configure(const char *key, long value) {
    static const struct {
        const char *key;
        long *knob;
    } knobs[] = {
        {"queue_depth", &sim.queue_depth},   {"latency_us", &sim.latency_us},
        {"init_status", &sim.init_status},   {"init_falls_back", &sim.init_falls_back},
        {"busy_submits", &sim.busy_submits}, {"page_faults", &sim.page_faults},
        {"op_errors", &sim.op_errors},       {"op_error_status", &sim.op_error_status},
        {"sw_op_errors", &sim.sw_op_errors}, {"header_gen", &sim.header_gen},
        {"busy_second_passes", &sim.busy_second_passes},
    };
    if (key == NULL) {
        return -1;
    }
    for (size_t i = 0; i < sizeof knobs / sizeof knobs[0]; i++) {
        if (strcmp(key, knobs[i].key) == 0) {
            store(knobs[i].knob, value);
            return 0;
        }
    }
    return -1;
}

/* Reads a counter or knob: "in_flight", "max_in_flight", "hardware_jobs", "software_jobs",
 * "verified_jobs" (compressions asked to verify their output: no OMIT_VERIFY), or any
 * knob name. -1 for an unknown key. */
EXPORT long qplsim_read(const char *key) {
    static const struct {
        const char *key;
        long *value;
    } values[] = {
        {"in_flight", &sim.in_flight},         {"max_in_flight", &sim.max_in_flight},
        {"hardware_jobs", &sim.hardware_jobs}, {"software_jobs", &sim.software_jobs},
        {"verified_jobs", &sim.verified_jobs},
        {"devices", &sim.devices},             {"engines", &sim.engines},
        {"queue_depth", &sim.queue_depth},     {"latency_us", &sim.latency_us},
        {"busy_submits", &sim.busy_submits},   {"page_faults", &sim.page_faults},
        {"op_errors", &sim.op_errors},         {"sw_op_errors", &sim.sw_op_errors},
        {"busy_second_passes", &sim.busy_second_passes},
    };
    if (key == NULL) {
        return -1;
    }
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        if (strcmp(key, values[i].key) == 0) {
            return load(values[i].value);
        }
    }
    return -1;
}

/* The largest number of hardware jobs in flight at once since the last reset. */
EXPORT long qplsim_max_in_flight(void) {
    return load(&sim.max_in_flight);
}

/* Knobs back to the environment's values; counters to zero (jobs in flight stay counted). */
EXPORT void qplsim_reset(void) {
    read_environment();
    store(&sim.max_in_flight, load(&sim.in_flight));
    store(&sim.hardware_jobs, 0);
    store(&sim.software_jobs, 0);
    store(&sim.verified_jobs, 0);
}
