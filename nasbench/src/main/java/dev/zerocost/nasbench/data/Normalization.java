package dev.zerocost.nasbench.data;

import java.util.Arrays;
import java.util.Locale;

/**
 * Per-channel normalisations used by the reference codes (REFERENCE.md section 4), computed
 * with the same float32 operations as torchvision's {@code ToTensor()} followed by
 * {@code Normalize(mean, std)} on PyTorch's CPU:
 * <pre>
 *   float x = (float) u / 255f;          // ToTensor: uint8 -> float32, then a true float32 division
 *   float y = (x - mean[c]) / std[c];    // Normalize: float32 subtraction, then float32 division
 * </pre>
 * Each op is one correctly rounded IEEE-754 binary32 operation, which is what PyTorch 1.13 does
 * (checked: its {@code div(255)} equals numpy's float32 {@code x / 255}, not {@code x * (1/255)},
 * which differs for 126 of the 256 values). {@code mean[c]} and {@code std[c]} are float32:
 * Python computes the given expression in double (e.g. {@code 125.3 / 255}) and PyTorch rounds
 * it to float32 once; {@link #mean()} and {@link #std()} hold exactly those float32 values.
 */
public enum Normalization {
    /** zero-cost-nas, CIFAR-10 and CIFAR-100: (0.4914, 0.4822, 0.4465) / (0.2023, 0.1994, 0.2010). */
    ZERO_COST_NAS_CIFAR(new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.2023, 0.1994, 0.2010}),
    /** zero-cost-nas, ImageNet16: [122.68, 116.66, 104.01]/255 / [63.22, 61.26, 65.09]/255. */
    ZERO_COST_NAS_IMAGENET16(div255(122.68, 116.66, 104.01), div255(63.22, 61.26, 65.09)),
    /** ZiCo / xautodl, CIFAR-10: [125.3, 123.0, 113.9]/255 / [63.0, 62.1, 66.7]/255. */
    ZICO_CIFAR10(div255(125.3, 123.0, 113.9), div255(63.0, 62.1, 66.7)),
    /** ZiCo / xautodl, CIFAR-100: [129.3, 124.1, 112.4]/255 / [68.2, 65.4, 70.4]/255. */
    ZICO_CIFAR100(div255(129.3, 124.1, 112.4), div255(68.2, 65.4, 70.4)),
    /** ZiCo / xautodl, ImageNet16-120: the same values as {@link #ZERO_COST_NAS_IMAGENET16}. */
    ZICO_IMAGENET16(div255(122.68, 116.66, 104.01), div255(63.22, 61.26, 65.09)),
    /** ToTensor only (x / 255, no mean or std): for inspection, not used by any proxy. */
    TO_TENSOR_ONLY(new double[] {0, 0, 0}, new double[] {1, 1, 1});

    private final float[] mean;
    private final float[] std;

    Normalization(double[] mean, double[] std) {
        this.mean = toFloat(mean);
        this.std = toFloat(std);
    }

    /** The float32 per-channel means (R, G, B). */
    public float[] mean() {
        return mean.clone();
    }

    /** The float32 per-channel standard deviations (R, G, B). */
    public float[] std() {
        return std.clone();
    }

    /**
     * The normalisation a reference code uses for a dataset.
     *
     * @param code    "zero-cost-nas" (also "zc") or "zico" (also "xautodl")
     * @param dataset "cifar10", "cifar100" or "imagenet16-N"
     */
    public static Normalization of(String code, String dataset) {
        String c = code.toLowerCase(Locale.ROOT);
        String d = Datasets.canonicalName(dataset);
        boolean imagenet = d.startsWith("imagenet16");
        if (c.equals("zero-cost-nas") || c.equals("zc")) {
            return imagenet ? ZERO_COST_NAS_IMAGENET16 : ZERO_COST_NAS_CIFAR;
        }
        if (c.equals("zico") || c.equals("xautodl")) {
            return imagenet ? ZICO_IMAGENET16 : d.equals("cifar100") ? ZICO_CIFAR100 : ZICO_CIFAR10;
        }
        throw new IllegalArgumentException("unknown reference code '" + code
                + "': expected zero-cost-nas (zc) or zico (xautodl)");
    }

    /** One pixel: {@code ((float) u / 255f - mean[c]) / std[c]}, u in 0..255. */
    public float apply(int u, int channel) {
        float x = (float) u / 255f;
        return (x - mean[channel]) / std[channel];
    }

    /** Normalises all images; the result's source names this normalisation. */
    public ImageBatch apply(RawImages raw) {
        if (raw.channels() != mean.length) {
            throw new IllegalArgumentException(raw.source() + " has " + raw.channels()
                    + " channels but normalisation " + name() + " is defined for " + mean.length);
        }
        // 256 x channels lookup table: every uint8 value maps to one float, so the table is exact.
        float[][] table = new float[mean.length][256];
        for (int c = 0; c < mean.length; c++) {
            for (int u = 0; u < 256; u++) {
                table[c][u] = apply(u, c);
            }
        }
        byte[] px = raw.pixels();
        float[] out = new float[px.length];
        int plane = raw.height() * raw.width();
        for (int i = 0, k = 0; i < raw.n(); i++) {
            for (int c = 0; c < raw.channels(); c++) {
                float[] t = table[c];
                for (int p = 0; p < plane; p++, k++) {
                    out[k] = t[px[k] & 0xFF];
                }
            }
        }
        return new ImageBatch(out, raw.labels().clone(), raw.n(), raw.channels(), raw.height(), raw.width(),
                raw.source() + ", normalised " + name());
    }

    @Override
    public String toString() {
        return name() + "(mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std) + ")";
    }

    private static double[] div255(double... values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] / 255;  // double division, as Python evaluates x / 255
        }
        return out;
    }

    private static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];  // torch.as_tensor(list, dtype=float32): round to nearest
        }
        return out;
    }
}
