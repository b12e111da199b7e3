package dev.acomp.api;

/** What a request asks of its transform. */
public enum Operation {
    COMPRESS,
    DECOMPRESS
}
