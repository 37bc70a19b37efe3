package dev.zerocost.nasbench.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.nasbench.space.Arch;
import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.Proxy;
import dev.zerocost.proxies.ProxyRegistry;
import dev.zerocost.proxies.ProxyResult;
import dev.zerocost.proxies.ProxyRunner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On both NB-201 networks, a run that shares passes (the main job's zico, nwot, ...: nwot's codes
 * recorded by zico's first gradient pass, with the cells' shared ReLUs) scores every proxy bit
 * for bit as the proxies run standalone.
 */
class SharedPassesTest {
    @ParameterizedTest
    @ValueSource(strings = {"nb201", "zc"})
    void sharedPassesScoreAsStandaloneProxies(String network) {
        Arch arch = Arch.parse("|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|");
        ScoredCellNetwork net = ScoredCellNetwork.build(network, arch, 8, 1, 10, 3, 32);
        List<Batch> batches = List.of(ProxyParityTest.batch(21, 8, 10, -2f, 2f), ProxyParityTest.batch(22, 8, 10, -2f, 2f));
        List<Proxy> proxies = List.of("zico", "synflow", "nwot", "grad_norm", "snip").stream().map(ProxyRegistry::get).toList();
        Map<String, ProxyRunner.Timed> shared = ProxyRunner.run(net, batches, proxies, true);
        Map<String, ProxyRunner.Timed> alone = ProxyRunner.run(net, batches, proxies, false);
        for (Proxy p : proxies) {
            ProxyResult a = shared.get(p.name()).result();
            ProxyResult b = alone.get(p.name()).result();
            assertTrue(a.ok() && b.ok(), p.name() + ": " + a.error() + " / " + b.error());
            assertEquals(Double.doubleToLongBits(b.score()), Double.doubleToLongBits(a.score()),
                    network + " " + p.name() + ": shared " + a.score() + ", standalone " + b.score());
        }
    }
}
