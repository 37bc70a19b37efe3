package dev.zerocost.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.engine.backend.Geometry;
import dev.zerocost.engine.random.TorchGenerator;
import org.junit.jupiter.api.Test;

/** The zero-bordered stride-1 column copies give exactly the generic loops' arrays. */
class PaddedIm2colTest {
    private static final Geometry.Conv2d[] CASES = {
        Geometry.Conv2d.of(1, 3, 8, 8, 4, 3, 3, 1, 1),
        Geometry.Conv2d.of(1, 2, 7, 9, 4, 3, 3, 1, 1),
        Geometry.Conv2d.of(1, 2, 6, 5, 4, 3, 3, 1, 0),
        Geometry.Conv2d.of(1, 2, 6, 6, 4, 5, 3, 1, 2),
        Geometry.Conv2d.of(1, 4, 5, 5, 4, 1, 1, 1, 1),
        Geometry.Conv2d.of(1, 16, 32, 32, 16, 3, 3, 1, 1),
    };

    private static float[] random(TorchGenerator gen, int n) {
        float[] v = new float[n];
        gen.randInRange(v, -1, 1);
        return v;
    }

    @Test
    void columnsAndTransposedColumnsEqualTheGenericLoopsExactly() {
        TorchGenerator gen = TorchGenerator.manualSeed(3);
        for (Geometry.Conv2d g : CASES) {
            assertTrue(PaddedIm2col.applies(g), g + " is stride 1");
            int ckk = g.cin() * g.kh() * g.kw();
            int hw = g.hOut() * g.wOut();
            int off = 5;
            float[] x = random(gen, off + g.cin() * g.h() * g.w());
            float[] xp = new float[PaddedIm2col.paddedSize(g)];
            java.util.Arrays.fill(xp, 9f); // pad() must overwrite every element
            PaddedIm2col.pad(x, off, g, xp);

            float[] generic = new float[ckk * hw];
            float[] padded = new float[ckk * hw];
            CpuConv.im2col(x, off, g, generic);
            PaddedIm2col.im2col(xp, g, padded);
            assertArrayEquals(generic, padded, "im2col " + g);

            CpuConv.im2colTransposed(x, off, g, generic, 0);
            PaddedIm2col.im2colTransposed(xp, g, padded, 0);
            assertArrayEquals(generic, padded, "im2col transposed " + g);
        }
    }
}
