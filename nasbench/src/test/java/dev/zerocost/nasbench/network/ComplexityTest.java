package dev.zerocost.nasbench.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.nasbench.space.Arch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ComplexityTest {
    @Test
    void nb201FlopsCountOnlyConvolutionsAndTheClassifier() {
        // all-skip cells: stem, two reduction blocks and the classifier are all that count
        CellNetwork net = new Nb201Network(Arch.parse("|skip_connect~0|+|skip_connect~0|skip_connect~1|+"
                + "|skip_connect~0|skip_connect~1|skip_connect~2|"), 16, 5, 10);
        long stem = 3L * 3 * 3 * 16 * 32 * 32;
        long red1 = 9L * 16 * 32 * 16 * 16 + 9L * 32 * 32 * 16 * 16 + 16L * 32 * 16 * 16;
        long red2 = 9L * 32 * 64 * 8 * 8 + 9L * 64 * 64 * 8 * 8 + 32L * 64 * 8 * 8;
        long fc = 64 * 10 + 10;
        assertEquals(stem + red1 + red2 + fc, Complexity.flopCount(net, 32, 32));
        assertEquals(73_306, Complexity.parameterCount(net));
    }

    @Test
    void imageNet16HalvesTheResolution() {
        CellNetwork net = new Nb201Network(Nb201NetworkTest.ALL_CONV3, 16, 5, 120);
        // one quarter of the spatial work of the 32x32 network, plus the classifier
        long fc = 64 * 120 + 120;
        assertEquals((Complexity.flopCount(net, 32, 32) - fc) / 4 + fc, Complexity.flopCount(net, 16, 16));
    }

    @Test
    void naslibFlopsAlsoCountReluBatchNormAndPooling() {
        CellNetwork net = new Nb201Network(Nb201NetworkTest.ALL_CONV3, 16, 5, 10);
        // PROVENANCE.md's fit: 7.943872 + 35.81952 n3 + 4.36224 n1 + 1.29024 npool
        assertEquals(7.943872 + 6 * 35.81952, Complexity.naslibFlops(net, 32, 32), 1e-9);
        CellNetwork pools = new Nb201Network(Arch.parse("|avg_pool_3x3~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+"
                + "|avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2|"), 16, 5, 10);
        assertEquals(7.943872 + 6 * 1.29024, Complexity.naslibFlops(pools, 32, 32), 1e-9);
        // the NB-201 rule ignores pooling
        assertEquals(7.78305, Complexity.flops(pools, 32, 32), 1e-9);
    }

    @Test
    void zcCountsOnlyTheOpsThatRunAndTheirConvBiases() {
        CellNetwork net = new ZcNetwork(Nb201NetworkTest.ALL_CONV3, 16, 5, 10);
        CellNetwork nb201 = new Nb201Network(Nb201NetworkTest.ALL_CONV3, 16, 5, 10);
        // a cell conv gains Cout*H*W for its bias: 3 stages x 5 cells x 6 edges
        long biases = 6L * 5 * (16 * 32 * 32 + 32 * 16 * 16 + 64 * 8 * 8);
        assertEquals(Complexity.flopCount(nb201, 32, 32) + biases, Complexity.flopCount(net, 32, 32));
    }

    /**
     * NASLib's zero-cost benchmark (9445 CIFAR-10 and ImageNet16-120 archs) lists params in
     * millions (the NB-201 convention) and flops in MFLOPs measured with tensorwatch's rules.
     */
    @Test
    void paramsAndFlopsAgreeWithNaslibForEveryArch() throws IOException {
        checkCsv("naslib_zc_cifar10.csv", 10, 32);
        checkCsv("naslib_zc_imagenet16_120.csv", 120, 16);
    }

    private static void checkCsv(String name, int classes, int size) throws IOException {
        Path shared = Path.of(System.getProperty("zerocost.shared", "../shared"));
        Path file = shared.resolve("data").resolve("nb201").resolve(name);
        if (!Files.isRegularFile(file)) {
            String reason = "ComplexityTest SKIPPED: " + name + " not found at " + file.toAbsolutePath()
                    + " (set -Dzerocost.shared=<dir holding data/nb201/>)";
            System.out.println(reason);
            Assumptions.assumeTrue(false, reason);
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> header = Arrays.asList(lines.get(0).strip().split(",", -1));
        int arch = header.indexOf("arch_str");
        int params = header.indexOf("params");
        int flops = header.indexOf("flops");
        assertTrue(arch >= 0 && params >= 0 && flops >= 0, "unexpected header in " + file + ": " + header);
        double worstParams = 0;
        double worstFlops = 0;
        int rows = 0;
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            Arch a = Arch.parse(f[arch]);
            CellNetwork net = new Nb201Network(a, 16, 5, classes);
            double p = Complexity.params(net);
            double fl = Complexity.naslibFlops(net, size, size);
            double wantP = Double.parseDouble(f[params]);
            double wantF = Double.parseDouble(f[flops]);
            worstParams = Math.max(worstParams, Math.abs(p - wantP));
            worstFlops = Math.max(worstFlops, Math.abs(fl - wantF));
            assertEquals(wantP, p, 5e-7, name + " params of " + a);
            assertEquals(wantF, fl, 5e-7, name + " flops of " + a);
            rows++;
        }
        System.out.printf("%s: %d archs, params max |diff| %.2e M, flops max |diff| %.2e M%n", name, rows, worstParams,
                worstFlops);
        assertEquals(9445, rows);
    }
}
