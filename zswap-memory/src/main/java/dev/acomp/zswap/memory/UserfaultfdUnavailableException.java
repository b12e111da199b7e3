package dev.acomp.zswap.memory;

/**
 * The system does not let this process resolve page faults with userfaultfd; the message names why (the
 * {@code vm.unprivileged_userfaultfd} sysctl, {@code /dev/userfaultfd}'s permissions, CAP_SYS_PTRACE) and how
 * to enable it.
 */
public final class UserfaultfdUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserfaultfdUnavailableException(String message) {
        super(message);
    }
}
