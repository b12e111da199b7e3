/** The generic (software) acomp drivers: lz4-generic, zstd-generic and deflate-generic. */
module dev.acomp.software {
    requires dev.acomp.api;
    requires org.lz4.java;
    requires com.github.luben.zstd_jni;

    exports dev.acomp.software;

    provides dev.acomp.api.spi.AcompProvider with dev.acomp.software.SoftwareProvider;
}
