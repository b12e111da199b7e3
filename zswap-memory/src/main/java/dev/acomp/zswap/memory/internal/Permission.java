package dev.acomp.zswap.memory.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Says why userfaultfd is not permitted here, and how to permit it. */
public final class Permission {
    private static final Path SYSCTL = Path.of("/proc/sys/vm/unprivileged_userfaultfd");
    private static final Path DEVICE = Path.of("/dev/userfaultfd");
    private static final int EPERM = 1;

    private Permission() {
    }

    public static String explain(int syscallErrno, int deviceErrno, boolean userModeOnlyAllowed) {
        StringBuilder b = new StringBuilder("userfaultfd is not permitted for this process: ");
        if (syscallErrno == EPERM) {
            b.append("the system call needs CAP_SYS_PTRACE or vm.unprivileged_userfaultfd=1 (it is ")
                    .append(sysctl()).append(")");
        } else {
            b.append("the system call failed with errno ").append(syscallErrno);
        }
        b.append("; ").append(DEVICE).append(Files.exists(DEVICE) ? (deviceErrno != 0 ? " cannot be opened"
                + " (errno " + deviceErrno + "): give the service's user read/write access to it" : "")
                : " does not exist (kernel before 6.1)");
        b.append(userModeOnlyAllowed ? "; the user-mode-only kind was refused too"
                : "; or allow the user-mode-only kind (CompressedMemoryConfig.userModeOnlyAllowed)");
        return b.toString();
    }

    private static String sysctl() {
        try {
            return "vm.unprivileged_userfaultfd=" + Files.readString(SYSCTL).trim();
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
