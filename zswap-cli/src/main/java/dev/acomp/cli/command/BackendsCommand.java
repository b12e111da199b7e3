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
    private static final Options OPTIONS = Options.of(CommonOptions.JSON);

    private final AcompRegistry registry;

    public BackendsCommand(AcompRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "backends";
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
        Arguments arguments = OPTIONS.parse(name(), args).checkAll();
        CommonOptions.checkOutput(name(), arguments, CommonOptions.JSON);
        List<DriverInfo> drivers = registry.drivers();
        printTable(drivers, terminal);
        return CommonOptions.write(name(), arguments, CommonOptions.JSON, json(drivers), terminal) ? ExitCode.OK
                : ExitCode.FAILURE;
    }

    private static void printTable(List<DriverInfo> drivers, Terminal terminal) {
        TextTable table = new TextTable("ALGORITHM", "DRIVER", "PRIORITY", "MAX BATCH", "AVAILABLE", "CAUSE");
        for (DriverInfo d : drivers) {
            table.row(d.algorithm(), d.driver(), d.priority(), d.maxBatchSize(), d.available() ? "yes" : "no",
                    d.available() ? "" : d.cause().replace('\n', ' '));
        }
        table.print(terminal.out());
    }

    private static String json(List<DriverInfo> drivers) {
        StringBuilder sb = new StringBuilder();
        JsonWriter json = new JsonWriter(sb).beginObject().name("drivers").beginArray();
        for (DriverInfo d : drivers) {
            json.beginObject()
                    .name("algorithm").value(d.algorithm())
                    .name("driver").value(d.driver())
                    .name("priority").value(d.priority())
                    .name("max_batch_size").value(d.maxBatchSize())
                    .name("available").value(d.available())
                    .name("cause").value(d.cause())
                    .endObject();
        }
        json.endArray().endObject().finish();
        return sb.toString();
    }
}
