package dev.zerocost.nasbench.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.nn.BatchNorm2d;
import dev.zerocost.engine.nn.Identity;
import dev.zerocost.engine.nn.ReLU;
import dev.zerocost.nasbench.space.Arch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ZcNetworkTest {
    @TestFactory
    List<DynamicTest> fullSizeStateDictKeysAndShapesEqualPyTorchs() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode rec : NetworkFixtures.fullSize("zc")) {
            String what = "zc use_bn=" + rec.get("use_bn").asBoolean() + " " + rec.get("arch").asText();
            tests.add(DynamicTest.dynamicTest(what, () -> {
                CellNetwork net = NetworkFixtures.build(rec);
                NetworkFixtures.assertKeysAndShapes(rec.get("keys"), net.stateDict(), what);
                long all = 0;
                for (Tensor p : net.namedParameters().values()) {
                    all += p.size();
                }
                assertEquals(rec.get("params_all").asLong(), all, "parameters of all modules");
                assertEquals(rec.get("params_active").asLong(), Complexity.parameterCount(net), "parameters that run");
                assertEquals(rec.get("flops_m").asDouble(), Complexity.flops(net, 32, 32), 1e-9, "MFLOPs (xautodl counter)");
            }));
        }
        return tests;
    }

    @Test
    void allConv3x3ActiveParamsMatchTheReference() {
        CellNetwork net = new ZcNetwork(Nb201NetworkTest.ALL_CONV3, 16, 5, 10);
        assertEquals(1_528_186, Complexity.parameterCount(net));
    }

    @TestFactory
    List<DynamicTest> initIsBitIdenticalAndForwardBackwardMatchesPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode rec : NetworkFixtures.cases("zc")) {
            tests.add(DynamicTest.dynamicTest(rec.get("name").asText(), () -> {
                CellNetwork net = NetworkFixtures.build(rec);
                Networks.torchInit(net, rec.get("seed").asLong());
                NetworkFixtures.assertInitMatches(rec, net);
                NetworkFixtures.Measured m = NetworkFixtures.assertForwardBackwardMatches(rec, net);
                System.out.printf("%s: loss %.9g (PyTorch %.9g), worst grad-norm rel err %.2e%n", rec.get("name").asText(),
                        m.loss(), rec.get("loss").asDouble(), m.worstGradError());
            }));
        }
        return tests;
    }

    @Test
    void theBatchNormFreeCopyDrawsTheSameWeights() {
        ZcNetwork withBn = Networks.torchInit(new ZcNetwork(Nb201NetworkTest.MIXED, 4, 1, 10, true), 9);
        ZcNetwork without = Networks.torchInit(new ZcNetwork(Nb201NetworkTest.MIXED, 4, 1, 10, false), 9);
        Map<String, Tensor> a = withBn.stateDict();
        for (Map.Entry<String, Tensor> e : without.stateDict().entrySet()) {
            assertArrayEquals(a.get(e.getKey()).toFloatArray(), e.getValue().toFloatArray(), e.getKey());
        }
    }

    @Test
    void withoutBatchNormOnlyTheReductionBlocksKeepTheirs() {
        ZcNetwork net = new ZcNetwork(Nb201NetworkTest.ALL_CONV3, 4, 1, 10, false);
        List<String> bns = new ArrayList<>(net.batchNormLayers().keySet());
        assertEquals(List.of("reduction1.conv_a.op.2", "reduction1.conv_b.op.2", "reduction2.conv_a.op.2",
                "reduction2.conv_b.op.2"), bns);
        assertInstanceOf(ReLU.class, net.child("top").child("lastact"));
    }

    @Test
    void everyCellBuildsAllThirtyCandidatesInReferenceOrder() {
        ZcNetwork net = new ZcNetwork(Nb201NetworkTest.MIXED, 4, 1, 10);
        SearchCell cell = (SearchCell) net.stack(1).get(0);
        for (int e = 0; e < Arch.EDGES; e++) {
            assertInstanceOf(Zero.class, cell.option(5 * e));
            assertInstanceOf(Pooling.class, cell.option(5 * e + 1));
            assertEquals(3, ((ReluConvBn) cell.option(5 * e + 2)).conv().kernel());
            assertEquals(1, ((ReluConvBn) cell.option(5 * e + 3)).conv().kernel());
            assertInstanceOf(Identity.class, cell.option(5 * e + 4));
            BatchNorm2d bn = (BatchNorm2d) ((ReluConvBn) cell.option(5 * e + 2)).op().get(2);
            assertFalse(bn.affine());
            assertFalse(bn.tracksRunningStats());
        }
        // |avg_pool_3x3~0|+|none~0|skip_connect~1|+|nor_conv_1x1~0|none~1|nor_conv_3x3~2|
        int[] active = {1, 5, 14, 18, 20, 27};
        for (int e = 0; e < Arch.EDGES; e++) {
            assertEquals(active[e], cell.activeOption(e));
        }
        int count = 0;
        for (int i = 0; i < SearchCell.OPTIONS; i++) {
            count += cell.isActive(i) ? 1 : 0;
        }
        assertEquals(6, count);
    }

    @Test
    void weightLayersIncludeCandidateOpsThatDoNotRun() {
        ZcNetwork net = new ZcNetwork(Nb201NetworkTest.MIXED, 4, 1, 10);
        List<String> names = new ArrayList<>(net.weightLayers().keySet());
        assertEquals("stem.net.0", names.get(0));
        assertEquals("stack_cell1.0.options.2.op.1", names.get(1));
        assertEquals("stack_cell1.0.options.3.op.1", names.get(2));
        assertEquals("reduction1.residual.1", names.get(13));
        assertEquals("reduction1.conv_a.op.1", names.get(14));
        assertEquals("top.classifier", names.get(names.size() - 1));
        assertEquals(1 + 3 * 12 + 2 * 3 + 1, names.size());
    }

    @Test
    void traceShapesEqualThoseOfARealForwardPass() {
        ZcNetwork net = Networks.torchInit(new ZcNetwork(Nb201NetworkTest.MIXED, 4, 1, 10), 7);
        Nb201NetworkTest.assertTraceMatchesForward(net, 16);
        ZcNetwork noBn = Networks.torchInit(new ZcNetwork(Nb201NetworkTest.MIXED, 4, 1, 10, false), 7);
        Nb201NetworkTest.assertTraceMatchesForward(noBn, 16);
        assertTrue(net.trace(16, 16).size() > noBn.trace(16, 16).size());
    }
}
