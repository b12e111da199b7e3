package dev.acomp.testing;

import dev.acomp.api.Acomp;
import dev.acomp.api.AcompOptions;
import dev.acomp.api.AcompRegistry;
import dev.acomp.api.Operation;
import dev.acomp.api.RequestFailedException;
import dev.acomp.api.spi.AcompDriver;
import dev.acomp.api.spi.AcompTransform;
import dev.acomp.api.spi.Submission;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * A driver for tests: a simple {@link Codec} behind the real request protocol, batching up to
 * {@link #maxBatchSize()} units per submission (whatever the options ask), with injectable failures and
 * counters of what its caller did. Built with {@link #builder()}; the failure hooks are fields that a test
 * may change while transforms run.
 */
public final class FakeDriver implements AcompDriver {
    /** What the driver does to a unit. */
    public enum Codec {
        /** The output is the input. */
        COPY,
        /** Drops a page's trailing zero bytes and restores them up to the destination's limit. */
        TRAILING_ZEROS,
        /** The JDK's raw DEFLATE at level 1 (the format of the kernel's deflate drivers). */
        DEFLATE
    }

    private final String name;
    private final String algorithm;
    private final int priority;
    private final int batch;
    private final Codec codec;
    private final Throwable cause;

    /** Calls of newRequest(), failed ones included. */
    public final AtomicInteger requestsMade = new AtomicInteger();
    /** Requests made and not yet closed. */
    public final AtomicInteger openRequests = new AtomicInteger();
    /** Transforms allocated and not yet closed. */
    public final AtomicInteger transformsOpen = new AtomicInteger();
    /** The unit count of every submission, in order. */
    public final List<Integer> unitsPerSubmission = new CopyOnWriteArrayList<>();

    /** The newRequest() call (counting from 1) that throws, or -1 for none. */
    public volatile int failNewRequestAt = -1;
    /** Units whose source this accepts fail to compress with a backend failure. */
    public volatile Predicate<ByteBuffer> failCompressionOf = source -> false;
    /** Every decompression fails as corrupt input while set. */
    public volatile boolean failDecompression;
    private volatile Corruption corruption = new Corruption(n -> false, 0);

    private record Corruption(IntPredicate decompressions, int atByte) {
    }

    private FakeDriver(Builder b) {
        this.algorithm = b.algorithm;
        this.name = b.name != null ? b.name : b.algorithm + "-b" + b.batch;
        this.priority = b.priority;
        this.batch = b.batch;
        this.codec = b.codec;
        this.cause = b.cause;
    }

    /** Defaults: algorithm "fake", name algorithm + "-b" + batch size, priority 100, batch 1, DEFLATE. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Makes a transform flip every bit of byte {@code atByte} of the pages it decompresses when
     * {@code decompressions} accepts their number (counting the transform's decompressed units from 0),
     * after reporting success: a broken driver, for proving that a caller verifies what it gets back.
     */
    public void corruptDecompressions(IntPredicate decompressions, int atByte) {
        corruption = new Corruption(Objects.requireNonNull(decompressions, "decompressions"), atByte);
    }

    /** The largest unit count of any submission so far, 0 before the first. */
    public int largestBatch() {
        return unitsPerSubmission.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    @Override
    public String algorithm() {
        return algorithm;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public int maxBatchSize() {
        return batch;
    }

    @Override
    public Throwable cause() {
        return cause;
    }

    @Override
    public AcompTransform<?> allocate(AcompOptions options) {
        ensureAvailability();
        transformsOpen.incrementAndGet();
        return new FakeTransform();
    }

    /** A transform of this driver with {@code options}. */
    public Acomp open(AcompOptions options) {
        return AcompRegistry.allocate(this, options);
    }

    /** As {@link #open(AcompOptions)} with the default options. */
    public Acomp open() {
        return open(AcompOptions.defaults());
    }

    private final class FakeTransform implements AcompTransform<Object> {
        private final AtomicInteger decompressions = new AtomicInteger();

        @Override
        public int maxBatchSize() {
            return batch;
        }

        @Override
        public int maxCompressedLength(int sourceLength) {
            return codec == Codec.DEFLATE ? sourceLength + sourceLength / 8 + 64 : sourceLength;
        }

        @Override
        public Object newRequestContext() {
            int n = requestsMade.incrementAndGet();
            if (n == failNewRequestAt) {
                throw new IllegalStateException("injected: newRequest " + n + " fails");
            }
            openRequests.incrementAndGet();
            return null;
        }

        @Override
        public void releaseRequestContext(Object context) {
            openRequests.decrementAndGet();
        }

        @Override
        public void submit(Submission<Object> request) {
            unitsPerSubmission.add(request.units());
            for (int i = 0; i < request.units(); i++) {
                // Duplicates: the codecs move positions, the caller's buffers must keep theirs.
                ByteBuffer src = request.source(i).duplicate();
                ByteBuffer dst = request.destination(i).duplicate();
                try {
                    int n = request.operation() == Operation.COMPRESS ? compress(i, src, dst) : decompress(i, src, dst);
                    request.succeeded(i, n);
                } catch (RequestFailedException e) {
                    request.failed(i, e);
                }
            }
            request.complete();
        }

        private int compress(int unit, ByteBuffer src, ByteBuffer dst) {
            if (failCompressionOf.test(src.duplicate())) {
                throw new RequestFailedException.BackendFailureException(name, unit, 42, "injected failure", null);
            }
            int start = dst.position();
            boolean fits = switch (codec) {
                case COPY -> copy(src, dst);
                case TRAILING_ZEROS -> copy(src.limit(withoutTrailingZeros(src)), dst);
                case DEFLATE -> Deflate.compress(src, dst);
            };
            if (!fits) {
                throw tooSmall(unit);
            }
            return dst.position() - start;
        }

        private RequestFailedException tooSmall(int unit) {
            return new RequestFailedException.DestinationTooSmallException(name, unit,
                    RequestFailedException.NO_NATIVE_CODE, "output does not fit", null);
        }

        private int decompress(int unit, ByteBuffer src, ByteBuffer dst) {
            if (failDecompression) {
                throw new RequestFailedException.CorruptInputException(name, unit, -1, "injected corruption", null);
            }
            int start = dst.position();
            if (codec == Codec.DEFLATE) {
                Deflate.decompress(name, unit, src, dst);
            } else if (!copy(src, dst)) {
                throw tooSmall(unit);
            } else if (codec == Codec.TRAILING_ZEROS) {
                while (dst.hasRemaining()) {
                    dst.put((byte) 0);
                }
            }
            Corruption c = corruption;
            if (c.decompressions().test(decompressions.getAndIncrement())) {
                dst.put(start + c.atByte(), (byte) ~dst.get(start + c.atByte()));
            }
            return dst.position() - start;
        }

        @Override
        public void close() {
            transformsOpen.decrementAndGet();
        }
    }

    /** Copies src to dst, advancing both; false, copying nothing, when dst has too little room. */
    private static boolean copy(ByteBuffer src, ByteBuffer dst) {
        if (dst.remaining() < src.remaining()) {
            return false;
        }
        dst.put(src);
        return true;
    }

    private static int withoutTrailingZeros(ByteBuffer src) {
        int end = src.limit();
        while (end > src.position() && src.get(end - 1) == 0) {
            end--;
        }
        return end;
    }

    /** Immutable settings of a {@link FakeDriver}. */
    public static final class Builder {
        private String name;
        private String algorithm = "fake";
        private int priority = 100;
        private int batch = 1;
        private Codec codec = Codec.DEFLATE;
        private Throwable cause;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder algorithm(String algorithm) {
            this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        public Builder maxBatchSize(int batch) {
            if (batch < 1) {
                throw new IllegalArgumentException("maxBatchSize must be at least 1, not " + batch);
            }
            this.batch = batch;
            return this;
        }

        public Builder codec(Codec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /** Makes the driver unavailable for this reason: allocate() throws DriverUnavailableException. */
        public Builder unavailable(Throwable cause) {
            this.cause = Objects.requireNonNull(cause, "cause");
            return this;
        }

        public FakeDriver build() {
            return new FakeDriver(this);
        }
    }
}
