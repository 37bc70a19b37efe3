package dev.zerocost.nasbench.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.nn.Module;
import org.junit.jupiter.api.Test;

class NetworksTest {
    @Test
    void buildsBothKindsByName() {
        assertInstanceOf(Nb201Network.class, Networks.build("nb201", Nb201NetworkTest.MIXED, 4, 1, 10, true));
        assertInstanceOf(ZcNetwork.class, Networks.build(" ZC ", Nb201NetworkTest.MIXED, 4, 1, 10, false));
        CellNetwork net = Networks.build("zc", Nb201NetworkTest.MIXED, 4, 2, 100, false);
        assertEquals("zc", net.kind());
        assertEquals(4, net.channels());
        assertEquals(2, net.cellsPerStage());
        assertEquals(100, net.numClasses());
        assertTrue(!net.usesBatchNorm());
    }

    @Test
    void anUnknownKindNamesTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Networks.build("darts", Nb201NetworkTest.MIXED, 4, 1, 10, true));
        assertTrue(e.getMessage().contains("darts") && e.getMessage().contains("nb201") && e.getMessage().contains("zc"),
                e.getMessage());
    }

    @Test
    void theSameSeedGivesTheSameWeightsAndAnotherSeedOthers() {
        CellNetwork a = Networks.build("nb201", Nb201NetworkTest.MIXED, 4, 1, 10, true, 42);
        CellNetwork b = Networks.build("nb201", Nb201NetworkTest.MIXED, 4, 1, 10, true, 42);
        CellNetwork c = Networks.build("nb201", Nb201NetworkTest.MIXED, 4, 1, 10, true, 43);
        Tensor wa = a.weightLayers().get("stem.0").param("weight");
        assertArrayEquals(wa.toFloatArray(), b.weightLayers().get("stem.0").param("weight").toFloatArray());
        assertTrue(!java.util.Arrays.equals(wa.toFloatArray(), c.weightLayers().get("stem.0").param("weight").toFloatArray()));
    }

    @Test
    void aBadInputShapeIsExplained() {
        CellNetwork net = Networks.build("nb201", Nb201NetworkTest.MIXED, 4, 1, 10, true, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.call(Tensor.zeros(2, 1, 16, 16)));
        assertTrue(e.getMessage().contains("[B, 3, H, W]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> net.trace(30, 30));
    }

    @Test
    void featuresAreWhatEntersTheGlobalPool() {
        CellNetwork net = Networks.build("zc", Nb201NetworkTest.MIXED, 4, 1, 10, true, 1);
        Tensor x = Nb201NetworkTest.randomInput(2, 16, 3);
        Tensor f = net.features(x);
        assertArrayEquals(new int[] {2, 16, 4, 4}, f.shape());
        assertArrayEquals(net.call(x).toFloatArray(), net.logits(f).toFloatArray());
    }

    @Test
    void copiesKeepTheirOwnWeights() {
        CellNetwork net = Networks.build("zc", Nb201NetworkTest.MIXED, 4, 1, 10, true, 1);
        Module copy = net.copy();
        Networks.torchInit(copy, 2);
        assertTrue(!java.util.Arrays.equals(net.weightLayers().get("stem.net.0").param("weight").toFloatArray(),
                ((CellNetwork) copy).weightLayers().get("stem.net.0").param("weight").toFloatArray()));
    }
}
