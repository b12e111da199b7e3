package dev.acomp.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessMapsTest {
    private static final String MAPS = """
            55e8ad09f000-55e8ad0a1000 r--p 00000000 fe:00 260131                     /usr/bin/cat
            55e8ad0aa000-55e8ad0ab000 rw-p 0000a000 fe:00 260131                     /usr/bin/cat
            55e8e5e0c000-55e8e5e2d000 rw-p 00000000 00:00 0                          [heap]
            7fb221c69000-7fb221c8b000 rw-p 00000000 00:00 0
            7fb221c8b000-7fb221ce2000 r--p 00000000 fe:00 329635                     /usr/lib/locale/C.utf8/LC_CTYPE
            7fb221ce2000-7fb221ce3000 ---p 00000000 00:00 0
            7fb221ce3000-7fb221ce4000 r--p 00000000 00:00 0
            7fb221ce4000-7fb221ce8000 rw-s 00000000 00:01 1234                       /dev/zero (deleted)
            7fb221ce8000-7fb221cea000 rw-s 00000000 00:00 0
            7fb221cea000-7fb221cec000 rw-p 00000000 00:00 0                          [anon:java heap]
            7fb221edb000-7fb221edf000 r--p 00000000 00:00 0                          [vvar]
            7fb221edf000-7fb221ee1000 r-xp 00000000 00:00 0                          [vdso]
            7fff5a1d0000-7fff5a1f1000 rw-p 00000000 00:00 0                          [stack]
            ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
            """;

    @Test
    void picksPrivateWritableAnonymousRegionsOnly() {
        List<MemoryRegion> anonymous = ProcessMaps.anonymousReadWrite(MAPS);

        assertEquals(List.of("[heap]", "", "[anon:java heap]", "[stack]"),
                anonymous.stream().map(MemoryRegion::path).toList());
        assertEquals(0x55e8e5e0c000L, anonymous.get(0).start());
        assertEquals(0x55e8e5e2d000L - 0x55e8e5e0c000L, anonymous.get(0).bytes());
    }

    @Test
    void parsesEveryLineWithAddressesAbove2To63() {
        List<MemoryRegion> all = ProcessMaps.parse(MAPS);

        assertEquals(14, all.size());
        assertEquals(0xffffffffff600000L, all.get(13).start());
        assertEquals("/dev/zero (deleted)", all.get(7).path());
    }

    @Test
    void rejectsMalformedLinesNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProcessMaps.parse("55e8ad09f000-55e8ad0a1000 r--p 00000000 fe:00 260131 /bin/x\nnot a maps line\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
