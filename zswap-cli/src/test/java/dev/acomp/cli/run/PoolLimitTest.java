package dev.acomp.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PoolLimitTest {
    @Test
    void sizesUseBinaryUnits() {
        assertEquals(4L << 20, PoolLimit.parse("4M").bytesFor(1));
        assertEquals(512L << 10, PoolLimit.parse("512k").bytesFor(1));
        assertEquals(1L << 30, PoolLimit.parse("1G").bytesFor(1));
        assertEquals(65536, PoolLimit.parse("65536").bytesFor(1));
    }

    @Test
    void percentagesAreSharesOfTheData() {
        assertEquals(4L << 20, PoolLimit.parse("25%").bytesFor(16L << 20));
        assertEquals(PageSnapshot.PAGE_SIZE, PoolLimit.parse("1%").bytesFor(100), "at least one page");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "-4M", "4X", "0%", "101%", "M", "99999999999999999999"})
    void rejectsWhatIsNotALimit(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PoolLimit.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }
}
