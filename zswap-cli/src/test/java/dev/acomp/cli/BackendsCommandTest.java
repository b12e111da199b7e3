package dev.acomp.cli;

import static dev.acomp.cli.CommandRun.zswap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendsCommandTest {
    private static final List<String> SOFTWARE = List.of("lz4-generic", "zstd-generic", "deflate-generic");

    @Test
    void theTableListsTheSoftwareDriversAsAvailable() {
        CommandRun run = zswap("backends");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        String[] lines = run.out().split("\n");
        List<String> header = List.of(lines[0].trim().split(" {2,}"));
        assertEquals(List.of("ALGORITHM", "DRIVER", "PRIORITY", "MAX BATCH", "AVAILABLE", "CAUSE"), header);
        Map<String, String[]> rows = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].trim().split(" {2,}");
            rows.put(cells[1], cells);
        }
        for (String driver : SOFTWARE) {
            String[] cells = rows.get(driver);
            assertNotNull(cells, driver + " missing from:\n" + run.out());
            assertEquals(driver, cells[0] + "-generic");
            assertEquals("1", cells[3], driver + " batches one page");
            assertEquals("yes", cells[4], driver + " is available");
        }
    }

    @Test
    void jsonGoesToTheFileNamedAndIsStrictAndDescribesEveryDriver(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("backends.json");
        CommandRun run = zswap("backends", "--json", file.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("ALGORITHM"), "the table is printed as without --json: " + run.out());
        Map<String, Object> root = StrictJson.object(StrictJson.parse(Files.readString(file)));
        assertEquals(Set.of("drivers"), root.keySet());
        Map<String, Map<String, Object>> byDriver = new HashMap<>();
        for (Object o : StrictJson.array(root.get("drivers"))) {
            Map<String, Object> d = StrictJson.object(o);
            assertEquals(Set.of("algorithm", "driver", "priority", "max_batch_size", "available", "cause"), d.keySet());
            boolean available = (Boolean) d.get("available");
            assertEquals(available, d.get("cause") == null, "a cause exactly when unavailable: " + d);
            byDriver.put((String) d.get("driver"), d);
        }
        for (String driver : SOFTWARE) {
            Map<String, Object> d = byDriver.get(driver);
            assertNotNull(d, driver + " missing from " + root);
            assertEquals(Boolean.TRUE, d.get("available"));
            assertNull(d.get("cause"));
            assertEquals(1.0, d.get("max_batch_size"));
            assertTrue(driver.startsWith((String) d.get("algorithm")));
        }
    }
}
