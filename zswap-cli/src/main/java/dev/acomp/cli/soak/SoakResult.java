package dev.acomp.cli.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a soak did and found. It passed when no page came back wrong, nothing stored was lost, no
 * operation failed with an untyped error or hung, and nothing was left over at the end.
 */
public record SoakResult(long seconds, int threads, String driver, Map<String, Long> operations,
        Map<String, Long> faults, Map<String, Long> typedErrors, long wrong, String firstWrong, long untyped,
        String firstUntyped, List<String> hangs, Map<String, Long> leftOver, Map<String, Long> engine) {

    public SoakResult {
        operations = new TreeMap<>(operations);
        faults = Map.copyOf(faults);
        typedErrors = new TreeMap<>(typedErrors);
        hangs = List.copyOf(hangs);
        leftOver = Map.copyOf(leftOver);
        engine = Map.copyOf(engine);
    }

    public boolean passed() {
        return wrong == 0 && untyped == 0 && hangs.isEmpty() && leftOver.values().stream().allMatch(v -> v == 0);
    }

    /** The report, a few lines of text. */
    public String report() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("soak: %d s, %d threads, driver %s: %s", seconds, threads, driver,
                passed() ? "PASSED" : "FAILED"));
        lines.add("operations: " + join(operations));
        lines.add("faults injected: " + join(new TreeMap<>(faults)));
        lines.add("typed errors: " + (typedErrors.isEmpty() ? "none" : join(typedErrors)));
        lines.add(wrong == 0 ? "0 wrong" : wrong + " wrong; first: " + firstWrong);
        lines.add(untyped == 0 ? "0 untyped errors" : untyped + " untyped errors; first: " + firstUntyped);
        lines.add(hangs.isEmpty() ? "0 hangs" : hangs.size() + " hangs: " + String.join("; ", hangs));
        lines.add("left over after invalidating everything and closing: " + join(new TreeMap<>(leftOver)));
        lines.add("engine: " + join(new TreeMap<>(engine)));
        return String.join("\n", lines) + "\n";
    }

    private static String join(Map<String, Long> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        return sb.toString();
    }
}
