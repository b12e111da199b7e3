package com.example.acomp.lzo;

import dev.acomp.api.AcompOptions;
import dev.acomp.api.spi.AcompDriver;
import dev.acomp.api.spi.AcompTransform;

/**
 * {@code lzo-aircompressor}: raw LZO1X blocks, the format of the kernel's {@code lzo} compressor (zswap's
 * default), through aircompressor's pure-Java codec. Sequential (batch 1), priority 100 like the kernel's
 * generic drivers. Pure Java: nothing can be missing at run time, so it is always available.
 */
public final class LzoDriver implements AcompDriver {
    static final String NAME = "lzo-aircompressor";

    @Override
    public String algorithm() {
        return "lzo";
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public int maxBatchSize() {
        return 1;
    }

    @Override
    public Throwable cause() {
        return null;
    }

    @Override
    public AcompTransform<?> allocate(AcompOptions options) {
        return new LzoAcomp(options);
    }
}
