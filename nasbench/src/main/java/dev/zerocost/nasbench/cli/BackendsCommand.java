package dev.zerocost.nasbench.cli;

import dev.zerocost.engine.Backends;
import dev.zerocost.engine.backend.BackendProvider;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Lists the compute backends found on the class path, their devices, and why any is skipped. */
@Command(name = "backends", mixinStandardHelpOptions = true, description = "List compute backends and their devices.")
public final class BackendsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (BackendProvider p : Backends.providers()) {
            var why = p.unavailableReason();
            if (why.isPresent()) {
                out.printf("%-14s skipped: %s%n", p.name(), why.get());
            } else {
                out.printf("%-14s available: %s%n", p.name(), Backends.select(p.name()).device());
            }
        }
        out.println("auto selects: " + Backends.select("auto").name());
        out.flush();
        return ZerocostCommand.OK;
    }
}
