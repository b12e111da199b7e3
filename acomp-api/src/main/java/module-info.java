/** The acomp API: a registry of compression drivers and asynchronous, batchable requests. */
module dev.acomp.api {
    exports dev.acomp.api;
    exports dev.acomp.api.spi;

    uses dev.acomp.api.spi.AcompProvider;
}
