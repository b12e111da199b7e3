package dev.acomp.cli.command;

import dev.acomp.api.AcompRegistry;
import dev.acomp.api.DriverInfo;
import dev.acomp.cli.Arguments;
import dev.acomp.cli.ExitCode;
import dev.acomp.cli.JsonWriter;
import dev.acomp.cli.Options;
import dev.acomp.cli.Terminal;
import dev.acomp.cli.TextTable;
import java.util.List;

/** {@code zswap backends}: the registry's drivers, as {@code /proc/crypto} lists them. */
public final class BackendsCommand implements Command {
    private static final Options OPTIONS = Options.builder()
            .flag("--json", "print the table as JSON")
            .build();

    private final AcompRegistry registry;

    public BackendsCommand(AcompRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "backends";
    }

    @Override
    public String synopsis() {
        return "[--json]";
    }

    @Override
    public String summary() {
        return "list every compression driver: algorithm, priority, batch size, availability and why not";
    }

    @Override
    public Options options() {
        return OPTIONS;
    }

    @Override
    public int run(String[] args, Terminal terminal) {
        Arguments arguments = OPTIONS.parse(name(), args);
        List<DriverInfo> drivers = registry.drivers();
        if (arguments.has("--json")) {
            printJson(drivers, terminal);
        } else {
            printTable(drivers, terminal);
        }
        return ExitCode.OK;
    }

    private static void printTable(List<DriverInfo> drivers, Terminal terminal) {
        TextTable table = new TextTable("ALGORITHM", "DRIVER", "PRIORITY", "MAX BATCH", "AVAILABLE", "CAUSE");
        for (DriverInfo d : drivers) {
            table.row(d.algorithm(), d.driver(), d.priority(), d.maxBatchSize(), d.available() ? "yes" : "no",
                    d.available() ? "" : d.cause().replace('\n', ' '));
        }
        table.print(terminal.out());
    }

    private static void printJson(List<DriverInfo> drivers, Terminal terminal) {
        StringBuilder sb = new StringBuilder();
        JsonWriter json = new JsonWriter(sb).beginObject().name("drivers").beginArray();
        for (DriverInfo d : drivers) {
            json.beginObject()
                    .name("algorithm").value(d.algorithm())
                    .name("driver").value(d.driver())
                    .name("priority").value(d.priority())
                    .name("maxBatchSize").value(d.maxBatchSize())
                    .name("available").value(d.available())
                    .name("cause").value(d.cause())
                    .endObject();
        }
        json.endArray().endObject().finish();
        terminal.out().print(sb);
    }
}
