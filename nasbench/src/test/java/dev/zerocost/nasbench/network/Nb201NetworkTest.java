package dev.zerocost.nasbench.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerocost.engine.DType;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.io.NdArray;
import dev.zerocost.engine.nn.BatchNorm2d;
import dev.zerocost.engine.nn.Conv2d;
import dev.zerocost.engine.nn.Identity;
import dev.zerocost.engine.nn.Linear;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.engine.random.TorchGenerator;
import dev.zerocost.nasbench.space.Arch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class Nb201NetworkTest {
    static final Arch ALL_CONV3 = Arch.parse(
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|");
    static final Arch MIXED = Arch.parse(
            "|avg_pool_3x3~0|+|none~0|skip_connect~1|+|nor_conv_1x1~0|none~1|nor_conv_3x3~2|");

    @TestFactory
    List<DynamicTest> fullSizeStateDictKeysAndShapesEqualPyTorchs() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode rec : NetworkFixtures.fullSize("nb201")) {
            tests.add(DynamicTest.dynamicTest(rec.get("arch").asText(), () -> {
                CellNetwork net = NetworkFixtures.build(rec);
                NetworkFixtures.assertKeysAndShapes(rec.get("keys"), net.stateDict(), "nb201 " + rec.get("arch").asText());
                assertEquals(rec.get("params_active").asLong(), Complexity.parameterCount(net), "params");
                assertEquals(rec.get("flops_m").asDouble(), Complexity.flops(net, 32, 32), 1e-9, "MFLOPs (xautodl counter)");
            }));
        }
        return tests;
    }

    @Test
    void allConv3x3HasTheBenchmarksParamsAndFlops() {
        CellNetwork net = new Nb201Network(ALL_CONV3, 16, 5, 10);
        assertEquals(1_531_546, Complexity.parameterCount(net));
        assertEquals(1.531546, Complexity.params(net), 1e-12);
        assertEquals(220.11969, Complexity.flops(net, 32, 32), 1e-9);
        assertEquals(220.12, Math.round(Complexity.flops(net, 32, 32) * 100) / 100.0, 0.0);
    }

    @TestFactory
    List<DynamicTest> initIsBitIdenticalAndForwardBackwardMatchesPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode rec : NetworkFixtures.cases("nb201")) {
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
    void cellLayersFollowTheArchStringAndOnlyConvsHaveParameters() {
        Nb201Network net = new Nb201Network(MIXED, 4, 1, 10);
        InferCell cell = (InferCell) net.cells().get(0);
        assertInstanceOf(Pooling.class, cell.layer(0));
        assertInstanceOf(Zero.class, cell.layer(1));
        assertInstanceOf(Identity.class, cell.layer(2));
        assertInstanceOf(ReluConvBn.class, cell.layer(3));
        assertEquals(1, ((ReluConvBn) cell.layer(3)).conv().kernel());
        assertInstanceOf(Zero.class, cell.layer(4));
        assertEquals(3, ((ReluConvBn) cell.layer(5)).conv().kernel());
        assertInstanceOf(ReductionBlock.class, net.cells().get(1));
        assertEquals(5, net.cells().size());
    }

    @Test
    void weightLayersAreConvsAndLinearInModuleOrder() {
        Nb201Network net = new Nb201Network(MIXED, 4, 1, 10);
        List<String> names = new ArrayList<>(net.weightLayers().keySet());
        assertEquals(List.of("stem.0", "cells.0.layers.3.op.1", "cells.0.layers.5.op.1", "cells.1.conv_a.op.1",
                "cells.1.conv_b.op.1", "cells.1.downsample.1", "cells.2.layers.3.op.1", "cells.2.layers.5.op.1",
                "cells.3.conv_a.op.1", "cells.3.conv_b.op.1", "cells.3.downsample.1", "cells.4.layers.3.op.1",
                "cells.4.layers.5.op.1", "classifier"), names);
        for (Module m : net.weightLayers().values()) {
            assertTrue(m instanceof Conv2d || m instanceof Linear);
        }
        assertEquals(List.of("cells.0.layers.3.op.0", "cells.0.layers.5.op.0", "cells.1.conv_a.op.0",
                "cells.1.conv_b.op.0", "cells.2.layers.3.op.0", "cells.2.layers.5.op.0", "cells.3.conv_a.op.0",
                "cells.3.conv_b.op.0", "cells.4.layers.3.op.0", "cells.4.layers.5.op.0", "lastact.1"),
                new ArrayList<>(net.reluLayers().keySet()));
    }

    @Test
    void traceShapesEqualThoseOfARealForwardPass() {
        Nb201Network net = Networks.torchInit(new Nb201Network(MIXED, 4, 1, 10), 7);
        assertTraceMatchesForward(net, 16);
    }

    @Test
    void withoutBatchNormTheStateDictIsUnchangedAndNoBatchNormRuns() {
        Nb201Network withBn = new Nb201Network(MIXED, 4, 1, 10, true);
        Nb201Network without = new Nb201Network(MIXED, 4, 1, 10, false);
        assertEquals(new ArrayList<>(withBn.stateDict().keySet()), new ArrayList<>(without.stateDict().keySet()));
        for (LayerCall call : without.trace(32, 32)) {
            assertTrue(!(call.module() instanceof BatchNorm2d), call.name() + " must not run");
        }
        assertTrue(without.trace(32, 32).size() < withBn.trace(32, 32).size());
    }

    @Test
    void aDeepCopyComputesTheSameLogits() {
        Nb201Network net = Networks.torchInit(new Nb201Network(MIXED, 4, 1, 10), 3);
        Module copy = net.copy();
        Tensor x = randomInput(2, 16, 11);
        assertArrayEquals(net.call(x).toFloatArray(), copy.call(x).toFloatArray());
    }

    static Tensor randomInput(int batch, int size, long seed) {
        float[] v = new float[batch * 3 * size * size];
        TorchGenerator.manualSeed(seed).randInRange(v, -2, 2);
        return Tensor.of(new NdArray(DType.FLOAT32, new int[] {batch, 3, size, size}, v));
    }

    /** Every traced call sees the per-image shapes that a hooked forward pass sees, in the same order. */
    static void assertTraceMatchesForward(CellNetwork net, int size) {
        List<LayerCall> trace = net.trace(size, size);
        Map<Module, String> names = new java.util.IdentityHashMap<>();
        net.namedModules().forEach((n, m) -> names.put(m, n));
        List<String> seen = new ArrayList<>();
        List<Runnable> removers = new ArrayList<>();
        for (LayerCall call : trace) {
            removers.add(call.module().addForwardHook((m, in, out) -> {
                int[] i = java.util.Arrays.copyOfRange(in.shape(), 1, in.rank());
                int[] o = java.util.Arrays.copyOfRange(out.shape(), 1, out.rank());
                seen.add(names.get(m) + " " + java.util.Arrays.toString(i) + " " + java.util.Arrays.toString(o));
            }));
        }
        net.call(randomInput(2, size, 5));
        removers.forEach(Runnable::run);
        List<String> traced = new ArrayList<>();
        for (LayerCall call : trace) {
            traced.add(call.name() + " " + java.util.Arrays.toString(call.input()) + " "
                    + java.util.Arrays.toString(call.output()));
        }
        assertEquals(traced, seen);
    }
}
