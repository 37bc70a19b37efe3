package dev.zerocost.nasbench.cli;

import dev.zerocost.nasbench.network.CellNetwork;
import dev.zerocost.nasbench.network.Complexity;
import dev.zerocost.nasbench.network.Networks;
import dev.zerocost.nasbench.space.Arch;
import java.io.PrintWriter;

/** Params and FLOPs lines for `zerocost arch`: the nb201 network, 10 classes, 32x32 (NB-201 API convention). */
final class Complexities {
    private Complexities() {
    }

    static void print(Arch arch, PrintWriter out) {
        CellNetwork net = Networks.build(Networks.NB201, arch, 16, 5, 10, true);
        out.printf("params:       %.6f M (nb201 network, CIFAR-10)%n", Complexity.params(net));
        out.printf("flops:        %.5f M per 32x32 image%n", Complexity.flops(net, 32, 32));
    }
}
