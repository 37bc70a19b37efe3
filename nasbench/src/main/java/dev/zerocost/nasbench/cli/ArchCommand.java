package dev.zerocost.nasbench.cli;

import dev.zerocost.nasbench.space.Arch;
import dev.zerocost.nasbench.space.Nb201Index;
import dev.zerocost.nasbench.space.UniqueForm;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Converts between NB-201 index, arch string and NASLib tuple, and prints the unique form. */
@Command(name = "arch", mixinStandardHelpOptions = true,
        description = "Show an NB-201 architecture given as index, arch string or NASLib tuple.")
public final class ArchCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "ARCH",
            description = "an index 0..15624, an arch string |op~0|+|...|, or a NASLib tuple like (2,2,3,0,4,1)")
    String[] archs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Parses any of the three forms. */
    public static Arch resolve(String text) {
        String t = text.trim();
        if (t.matches("\\d+")) {
            return Nb201Index.arch(Integer.parseInt(t));
        }
        if (t.startsWith("(") || t.startsWith("[")) {
            return Arch.parseNaslibTuple(t);
        }
        return Arch.parse(t);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (String a : archs) {
            Arch arch = resolve(a);
            out.println("index:        " + Nb201Index.indexOf(arch));
            out.println("arch:         " + arch);
            out.println("naslib tuple: " + arch.toNaslibString());
            out.println("unique form:  " + UniqueForm.of(arch));
            Complexities.print(arch, out);
            out.println();
        }
        out.flush();
        return ZerocostCommand.OK;
    }
}
