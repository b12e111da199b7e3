package dev.acomp.qpl.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** A destination QPL has enough room in is used in place; a smaller one is staged and copied only if the output fits. */
class UnitSlotTest {
    private static final int NEEDED = 4136;

    private static long address(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    @Test
    void aDirectDestinationWithRoomIsWrittenInPlace() {
        UnitSlot slot = new UnitSlot();
        ByteBuffer twoPages = ByteBuffer.allocateDirect(8192).position(8);
        assertEquals(address(twoPages) + 8, slot.destination(twoPages, NEEDED));
        assertEquals(8184, slot.destinationCapacity());
        assertTrue(slot.deliver(twoPages, 8184));
    }

    @Test
    void aSmallerDestinationIsStagedAndGetsTheOutputOnlyIfItFits() {
        UnitSlot slot = new UnitSlot();
        ByteBuffer exact = ByteBuffer.allocateDirect(100);
        long staged = slot.destination(exact, NEEDED);
        assertNotEquals(address(exact), staged);
        assertEquals(NEEDED, slot.destinationCapacity());
        Pointer out = new Pointer(staged);
        out.setMemory(0, 101, (byte) 7);
        assertFalse(slot.deliver(exact, 101));
        assertEquals(0, exact.get(0), "nothing copied");
        assertTrue(slot.deliver(exact, 100));
        byte[] got = new byte[100];
        exact.get(0, got);
        byte[] sevens = new byte[100];
        java.util.Arrays.fill(sevens, (byte) 7);
        assertArrayEquals(sevens, got);
        assertEquals(0, exact.position());
        assertEquals(staged, slot.destination(exact, NEEDED), "the staging buffer is reused");
    }
}
