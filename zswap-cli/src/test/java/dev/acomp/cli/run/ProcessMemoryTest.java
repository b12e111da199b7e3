package dev.acomp.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.acomp.cli.PageSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMemoryTest {
    @Test
    void aProcessThatDoesNotExistIsAClearError() {
        long pid = ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).max().orElse(1) + 1_000_000;
        SourceUnreadableException e = assertThrows(SourceUnreadableException.class,
                () -> PageSources.open("pid:" + pid, note -> { }));
        assertTrue(e.getMessage().contains("pid " + pid + ": no such process"), e.getMessage());
    }

    /** A proc directory of another user (made by root: chown to nobody) is refused before anything is read. */
    @Test
    void anotherUsersProcessIsRefusedWithTheReason(@TempDir Path dir) throws IOException {
        UserPrincipal nobody;
        try {
            nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(dir, nobody);
        } catch (IOException e) {
            assumeTrue(false, "needs root and a user nobody: " + e);
            return;
        }
        Files.writeString(dir.resolve("maps"), "00400000-00401000 rw-p 00000000 00:00 0\n");
        SourceUnreadableException e = assertThrows(SourceUnreadableException.class,
                () -> ProcessMemory.at(dir, "pid 4242").snapshot(PageSource.MAX_PAGES));
        assertTrue(e.getMessage().contains("pid 4242: belongs to user nobody, not "), e.getMessage());
    }

    @Test
    void aPidThatIsNotANumberIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PageSources.open("pid:self", note -> { }));
        assertTrue(e.getMessage().contains("pid:self"), e.getMessage());
    }

    @Test
    void ownMemorySnapshotHoldsAPageThisProcessWrote() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/pagemap")), "needs Linux /proc");
        // Four page-aligned copies of a page of random bytes in native memory: resident (just written)
        // and anonymous.
        ByteBuffer marker = ByteBuffer.allocateDirect(5 * PageSnapshot.PAGE_SIZE).alignedSlice(PageSnapshot.PAGE_SIZE);
        byte[] random = new byte[PageSnapshot.PAGE_SIZE];
        new SplittableRandom(99).nextBytes(random);
        for (int i = 0; i < 4; i++) {
            marker.put(random);
        }

        PageSnapshot own = ProcessMemory.self().snapshot(PageSource.MAX_PAGES);

        ByteBuffer expected = ByteBuffer.wrap(random);
        ByteBuffer view = own.view();
        int found = 0;
        for (int p = 0; p < own.pageCount(); p++) {
            view.limit((p + 1) * PageSnapshot.PAGE_SIZE).position(p * PageSnapshot.PAGE_SIZE);
            if (view.mismatch(expected) < 0) {
                found++;
            }
        }
        assertTrue(found >= 4, "marker pages found in " + own.pageCount() + " pages: " + found);
        assertTrue(own.origin().contains("pid " + ProcessHandle.current().pid()), own.origin());
        assertEquals(4 * PageSnapshot.PAGE_SIZE, marker.position(), "the marker stays reachable until here");
    }
}
