package dev.zerocost.nasbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Expected values were computed with PyTorch 1.13 on the CPU exactly as torchvision does it:
 * {@code x = u8.to(float32).div(255); x.sub_(torch.as_tensor(mean)).div_(torch.as_tensor(std))},
 * and written as float32 hex literals. One by hand: (0 / 255 - 0.4914) / 0.2023 = -2.4290657...
 */
class NormalizationTest {

    @Test
    void meansAndStdsAreTheFloat32RoundingOfThePythonExpressions() {
        assertArrayEquals(new float[] {0x1.f73190p-2f, 0x1.edc5d6p-2f, 0x1.c9374cp-2f}, Normalization.ZERO_COST_NAS_CIFAR.mean());
        assertArrayEquals(new float[] {0x1.9e4f76p-3f, 0x1.985f06p-3f, 0x1.9ba5e4p-3f}, Normalization.ZERO_COST_NAS_CIFAR.std());
        assertArrayEquals(new float[] {0x1.eca4f6p-2f, 0x1.d47850p-2f, 0x1.a1abeap-2f}, Normalization.ZERO_COST_NAS_IMAGENET16.mean());
        assertArrayEquals(new float[] {0x1.f72a5ep-2f, 0x1.ededeep-2f, 0x1.c962fcp-2f}, Normalization.ZICO_CIFAR10.mean());
        assertArrayEquals(new float[] {0x1.f9f9fap-3f, 0x1.f2bf8cp-3f, 0x1.0bd8a6p-2f}, Normalization.ZICO_CIFAR10.std());
        assertArrayEquals(new float[] {0x1.039d36p-1f, 0x1.f258c0p-2f, 0x1.c35cf6p-2f}, Normalization.ZICO_CIFAR100.mean());
        assertArrayEquals(new float[] {0x1.11deacp-2f, 0x1.06a03ap-2f, 0x1.1ab44ep-2f}, Normalization.ZICO_CIFAR100.std());
        assertEquals(-2.4290657f, Normalization.ZERO_COST_NAS_CIFAR.apply(0, 0), 1e-6f);
    }

    @Test
    void pixelsMatchPyTorchBitForBit() {
        int[] u = {0, 128, 255, 37};
        assertChannel0(Normalization.ZERO_COST_NAS_CIFAR, u, -0x1.36eba0p+1f, 0x1.aba71ep-5f, 0x1.41cda2p+1f, -0x1.b63a18p+0f);
        assertChannel0(Normalization.ZERO_COST_NAS_IMAGENET16, u, -0x1.f0c640p+0f, 0x1.58ae76p-4f, 0x1.0be7b4p+1f, -0x1.5af2cap+0f);
        assertChannel0(Normalization.ZICO_CIFAR10, u, -0x1.fd27d2p+0f, 0x1.5f1624p-5f, 0x1.078478p+1f, -0x1.66ce6cp+0f);
        assertChannel0(Normalization.ZICO_CIFAR100, u, -0x1.e55954p+0f, -0x1.384d3ap-6f, 0x1.d7d5f6p+0f, -0x1.5a769cp+0f);
        assertEquals(0x1.607a44p+1f, Normalization.ZERO_COST_NAS_CIFAR.apply(255, 2));
        assertEquals(-0x1.b0c9f2p+0f, Normalization.ZERO_COST_NAS_CIFAR.apply(37, 1));
        assertEquals(0x1.c5d186p-3f, Normalization.ZICO_CIFAR100.apply(128, 2));
    }

    private static void assertChannel0(Normalization n, int[] u, float... expected) {
        for (int i = 0; i < u.length; i++) {
            assertEquals(expected[i], n.apply(u[i], 0), n + " u=" + u[i]);
        }
    }

    @Test
    void toTensorIsATrueDivisionNotAMultiplicationByTheReciprocal() {
        int differing = 0;
        for (int u = 0; u < 256; u++) {
            float division = (float) u / 255f;
            assertEquals(division, Normalization.TO_TENSOR_ONLY.apply(u, 0));
            if (division != (float) u * (1f / 255f)) {
                differing++;
            }
        }
        assertEquals(126, differing, "x/255 and x*(1/255) differ for 126 values; PyTorch agrees with x/255");
        assertNotEquals(3f * (1f / 255f), Normalization.TO_TENSOR_ONLY.apply(3, 0));
    }

    @Test
    void aWholeBatchIsNormalisedPerChannelAndSaysSo() {
        byte[] px = new byte[2 * 3 * 2 * 2];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 10);
        }
        RawImages raw = new RawImages(px, new long[] {1, 2}, 2, 3, 2, 2, "hand-made");
        ImageBatch batch = Normalization.ZICO_CIFAR10.apply(raw);
        for (int i = 0; i < 2; i++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 2; y++) {
                    for (int x = 0; x < 2; x++) {
                        assertEquals(Normalization.ZICO_CIFAR10.apply(raw.pixel(i, c, y, x), c), batch.value(i, c, y, x));
                    }
                }
            }
        }
        assertArrayEquals(new long[] {1, 2}, batch.labels());
        assertTrue(batch.source().contains("ZICO_CIFAR10") && !batch.isSynthetic(), batch.source());
    }

    @Test
    void referenceCodesMapToTheirNormalisations() {
        assertEquals(Normalization.ZERO_COST_NAS_CIFAR, Normalization.of("zero-cost-nas", "cifar100"));
        assertEquals(Normalization.ZERO_COST_NAS_IMAGENET16, Normalization.of("zc", "ImageNet16-120"));
        assertEquals(Normalization.ZICO_CIFAR100, Normalization.of("zico", "cifar100"));
        assertEquals(Normalization.ZICO_CIFAR10, Normalization.of("ZiCo", "cifar10"));
    }
}
