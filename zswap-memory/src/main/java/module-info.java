/** CompressedMemory: an off-heap region whose cold pages live compressed, faulted in by native threads. */
module dev.acomp.zswap.memory {
    requires dev.acomp.api;
    requires com.sun.jna;

    exports dev.acomp.zswap.memory;
    // JNA's direct mapping reflects on the binding class.
    opens dev.acomp.zswap.memory.internal to com.sun.jna;
}
