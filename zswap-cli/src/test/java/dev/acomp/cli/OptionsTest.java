package dev.acomp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OptionsTest {
    private static final Option<Path> SOURCE = Option.path("--source", "FILE", "the pages").required();
    private static final Option<Integer> PASSES = Option.number("--passes", "passes", 1).otherwise(5);
    private static final Option<Long> SEED = Option.wholeNumber("--seed", "seed");
    private static final Option<Boolean> QUIET = Option.flag("--quiet", "say less");
    private static final Options OPTIONS = Options.of(SOURCE, PASSES, SEED, QUIET);

    @Test
    void synopsisAndUsageTextComeFromTheDeclarations() {
        assertEquals("--source FILE [--passes N] [--seed N] [--quiet]", OPTIONS.synopsis());
        String text = OPTIONS.describe();
        assertTrue(text.contains("    --source FILE  the pages\n"), text);
        assertTrue(text.contains("    --passes N     passes (default 5)\n"), text);
        assertTrue(text.contains("    --quiet        say less\n"), text);
    }

    @Test
    void valuesAreReadThroughTheirDeclarationWithDefaults() {
        Arguments a = OPTIONS.parse("x", new String[] {"--source", "f", "--seed=-3", "--quiet"});
        assertEquals(Path.of("f"), a.get(SOURCE));
        assertEquals(5, a.get(PASSES));
        assertEquals(-3L, a.get(SEED));
        assertTrue(a.get(QUIET));
        assertFalse(a.has(PASSES));
    }

    @Test
    void wrongValuesNameTheOption() {
        Arguments a = OPTIONS.parse("x", new String[] {"--source", "f", "--passes", "0"});
        assertEquals("x: --passes: needs a whole number >= 1, got '0'",
                assertThrows(UsageException.class, a::checkAll).getMessage());
        Arguments none = OPTIONS.parse("x", new String[0]);
        assertEquals("x: option --source is required",
                assertThrows(UsageException.class, () -> none.get(SOURCE)).getMessage());
        assertThrows(UsageException.class, () -> OPTIONS.parse("x", new String[] {"--passes"}));
        assertThrows(UsageException.class, () -> OPTIONS.parse("x", new String[] {"--seed", "1", "--seed", "2"}));
    }

    @Test
    void anOptionDeclaredTwiceOrReadWithoutDeclaringIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> OPTIONS.with(Option.flag("--quiet", "again")));
        Arguments a = OPTIONS.parse("x", new String[0]);
        assertThrows(IllegalArgumentException.class, () -> a.get(Option.flag("--other", "not declared")));
    }
}
