/** deflate on Intel IAA through libqpl (deflate-iaa), and on QPL's software path (deflate-qpl). */
module dev.acomp.qpl {
    requires dev.acomp.api;
    requires com.sun.jna;

    exports dev.acomp.qpl;
    // JNA's direct mapping reflects on the binding class.
    opens dev.acomp.qpl.internal to com.sun.jna;

    provides dev.acomp.api.spi.AcompProvider with dev.acomp.qpl.QplProvider;
}
