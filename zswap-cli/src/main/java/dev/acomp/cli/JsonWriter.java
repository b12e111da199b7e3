package dev.acomp.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * Writes one JSON value, streaming, indented by two spaces. Checks the nesting as it goes (a member
 * needs a name, containers close in order) so that a command cannot print malformed JSON.
 * Non-finite numbers, which JSON cannot hold, are written as {@code null}.
 */
public final class JsonWriter {
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z0-9]+(_[a-z0-9]+)*");
    private final Appendable out;
    private final Deque<Container> open = new ArrayDeque<>();
    private boolean named;
    private boolean done;

    public JsonWriter(Appendable out) {
        this.out = out;
    }

    public JsonWriter beginObject() {
        beforeValue();
        write("{");
        open.push(new Container(true));
        return this;
    }

    public JsonWriter endObject() {
        return end(true, "}");
    }

    public JsonWriter beginArray() {
        beforeValue();
        write("[");
        open.push(new Container(false));
        return this;
    }

    public JsonWriter endArray() {
        return end(false, "]");
    }

    /**
     * The name of the next member of the current object: in snake case (lower-case letters, digits and
     * underscores), the one convention of every command's JSON, so that a script reads them alike.
     */
    public JsonWriter name(String name) {
        if (!SNAKE_CASE.matcher(name).matches()) {
            throw new IllegalArgumentException("a JSON name in snake case, not " + name);
        }
        Container c = open.peek();
        if (c == null || !c.object || named) {
            throw new IllegalStateException("a name belongs in an object, before its value: " + name);
        }
        separate(c);
        string(name);
        write(": ");
        named = true;
        return this;
    }

    public JsonWriter value(String value) {
        beforeValue();
        if (value == null) {
            write("null");
        } else {
            string(value);
        }
        return this;
    }

    public JsonWriter value(long value) {
        beforeValue();
        write(Long.toString(value));
        return this;
    }

    public JsonWriter value(double value) {
        beforeValue();
        write(Double.isFinite(value) ? Double.toString(value) : "null");
        return this;
    }

    public JsonWriter value(boolean value) {
        beforeValue();
        write(Boolean.toString(value));
        return this;
    }

    /** Ends the document with a newline; every container must be closed. */
    public void finish() {
        if (!done || !open.isEmpty()) {
            throw new IllegalStateException("JSON document not complete");
        }
        write("\n");
    }

    private JsonWriter end(boolean object, String close) {
        Container c = open.peek();
        if (c == null || c.object != object || named) {
            throw new IllegalStateException("nothing to close with " + close);
        }
        open.pop();
        if (c.count > 0) {
            newline();
        }
        write(close);
        done = open.isEmpty();
        return this;
    }

    private void beforeValue() {
        Container c = open.peek();
        if (c == null) {
            if (done) {
                throw new IllegalStateException("a JSON document holds one value");
            }
            done = true;
            return;
        }
        if (c.object) {
            if (!named) {
                throw new IllegalStateException("an object member needs a name");
            }
            named = false;
        } else {
            separate(c);
        }
    }

    private void separate(Container c) {
        if (c.count++ > 0) {
            write(",");
        }
        newline();
    }

    private void newline() {
        write("\n");
        write("  ".repeat(open.size()));
    }

    private void string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        write(sb.append('"').toString());
    }

    private void write(String s) {
        try {
            out.append(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Container {
        final boolean object;
        int count;

        Container(boolean object) {
            this.object = object;
        }
    }
}
