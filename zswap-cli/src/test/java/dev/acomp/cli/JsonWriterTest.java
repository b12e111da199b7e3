package dev.acomp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void nestedValuesAndEscapedStringsReadBackExactly() {
        StringBuilder sb = new StringBuilder();
        new JsonWriter(sb).beginObject()
                .name("text").value("quote \" backslash \\ newline \n tab \t bell \u0007 é")
                .name("n").value(-42)
                .name("x").value(0.125)
                .name("nan").value(Double.NaN)
                .name("yes").value(true)
                .name("none").value((String) null)
                .name("empty").beginArray().endArray()
                .name("list").beginArray().value(1).beginObject().endObject().value("z").endArray()
                .endObject().finish();

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007 é");
        expected.put("n", -42.0);
        expected.put("x", 0.125);
        expected.put("nan", null);
        expected.put("yes", true);
        expected.put("none", null);
        expected.put("empty", List.of());
        expected.put("list", Arrays.asList(1.0, Map.of(), "z"));
        assertEquals(expected, StrictJson.parse(sb.toString()));
    }

    @Test
    void malformedSequencesAreRefused() {
        assertThrows(IllegalStateException.class, () -> new JsonWriter(new StringBuilder()).beginObject().value(1));
        assertThrows(IllegalStateException.class, () -> new JsonWriter(new StringBuilder()).beginArray().name("a"));
        assertThrows(IllegalStateException.class, () -> new JsonWriter(new StringBuilder()).beginArray().endObject());
        assertThrows(IllegalStateException.class, () -> new JsonWriter(new StringBuilder()).value(1).value(2));
        assertThrows(IllegalStateException.class, () -> new JsonWriter(new StringBuilder()).beginObject().finish());
    }

    @Test
    void namesAreInSnakeCaseAsInEveryCommandsJson() {
        new JsonWriter(new StringBuilder()).beginObject().name("store_mb_per_s").value(1).name("512").value(2);
        for (String name : new String[] {"compressMBps", "page-size", "_x", "x_", "a__b", ""}) {
            assertThrows(IllegalArgumentException.class, () -> new JsonWriter(new StringBuilder()).beginObject()
                    .name(name), name);
        }
    }
}
