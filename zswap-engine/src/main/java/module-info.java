/** A zswap-style compressed page store over the acomp API, with compressed writeback to a backing file. */
module dev.acomp.zswap {
    requires transitive dev.acomp.api;
    requires transitive dev.acomp.zswap.writeback;
    requires java.management;

    exports dev.acomp.zswap;
}
