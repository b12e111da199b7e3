package dev.acomp.api;

/** No driver in the registry implements the algorithm, or has the driver name, asked for. */
public final class UnknownAlgorithmException extends AcompException {
    private static final long serialVersionUID = 1L;

    public UnknownAlgorithmException(String name, java.util.Collection<String> known) {
        super("unknown algorithm or driver '" + name + "'; known: " + String.join(", ", known), null);
    }
}
