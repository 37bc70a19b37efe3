package dev.zerocost.engine.random;

/**
 * PyTorch's default CPU generator, reproduced without PyTorch: after
 * {@code TorchGenerator.manualSeed(s)} the float32 draws equal those of {@code torch.manual_seed(s)}
 * followed by {@code torch.rand}, {@code Tensor.uniform_} and the default initialisation of
 * {@code nn.Conv2d} / {@code nn.Linear}, bit for bit (REFERENCE.md section 3).
 *
 * <p>Every float32 element consumes one 32-bit MT19937 output r and becomes
 * {@code (float) (u * (double) ((float) hi - (float) lo) + (double) (float) lo)} with
 * {@code u = (r & 0xFFFFFF) * 2^-24} in double, exactly as {@code at::uniform_real_distribution<float>}.
 * Draws happen in the order the caller asks for them, one per element in C (row-major) order,
 * so filling a weight and then its bias mirrors PyTorch's {@code reset_parameters}.
 *
 * <p>Not covered: {@code torch.randn} / {@code normal_} (see {@link #nextGaussian()}) and
 * float64 tensors drawn natively by PyTorch (those consume 53-bit draws from two outputs).
 * Not thread safe: give each thread its own generator.
 */
public final class TorchGenerator {
    private static final double TWO_POW_MINUS_24 = 1.0 / (1 << 24);
    /** {@code math.sqrt(5)}: the leaky-ReLU slope PyTorch passes to kaiming_uniform_ for Conv and Linear. */
    private static final double KAIMING_A = Math.sqrt(5.0);

    private final Mt19937 mt;
    private double spareGaussian;
    private boolean hasSpareGaussian;

    private TorchGenerator(Mt19937 mt) {
        this.mt = mt;
    }

    /** The generator after {@code torch.manual_seed(seed)} (the seed is taken modulo 2^32). */
    public static TorchGenerator manualSeed(long seed) {
        return new TorchGenerator(Mt19937.seeded(seed));
    }

    /** One {@code uniform_(lo, hi)} float32 draw; consumes one 32-bit output. */
    public float nextUniformFloat(float lo, float hi) {
        int r = mt.nextInt();
        double u = (r & 0xFFFFFF) * TWO_POW_MINUS_24;
        return (float) (u * (double) (hi - lo) + (double) lo);
    }

    /** {@code a.uniform_(lo, hi)} on a float32 tensor holding {@code a} in C order. */
    public void fillUniform(float[] a, float lo, float hi) {
        for (int i = 0; i < a.length; i++) {
            a[i] = nextUniformFloat(lo, hi);
        }
    }

    /**
     * The float32 draws of {@link #fillUniform(float[], float, float)}, widened to double.
     * This is {@code t.uniform_(lo, hi).double()} on a float32 tensor, NOT {@code uniform_}
     * on a float64 tensor (PyTorch draws those with 53 random bits).
     */
    public void fillUniform(double[] a, float lo, float hi) {
        for (int i = 0; i < a.length; i++) {
            a[i] = nextUniformFloat(lo, hi);
        }
    }

    /** {@code torch.rand}: U[0, 1) in float32, filled in C order. */
    public void rand(float[] a) {
        fillUniform(a, 0f, 1f);
    }

    /** {@code torch.rand(...).double()}: float32 draws widened to double (not {@code torch.rand(dtype=float64)}). */
    public void rand(double[] a) {
        fillUniform(a, 0f, 1f);
    }

    /**
     * The input rule of the op fixtures ({@code tools/reference/make_op_fixtures.py}):
     * {@code torch.rand(shape) * float32(high - low) + float32(low)}, i.e. a float32 product
     * and then a float32 sum, two roundings. Differs from {@code uniform_(low, high)}, which
     * computes in double and rounds once.
     */
    public void randInRange(float[] a, double low, double high) {
        float scale = (float) (high - low);
        float offset = (float) low;
        for (int i = 0; i < a.length; i++) {
            float product = nextUniformFloat(0f, 1f) * scale;
            a[i] = product + offset;
        }
    }

    /** {@link #randInRange(float[], double, double)} widened to double ({@code .to(torch.float64)}). */
    public void randInRange(double[] a, double low, double high) {
        float[] tmp = new float[a.length];
        randInRange(tmp, low, high);
        for (int i = 0; i < a.length; i++) {
            a[i] = tmp[i];
        }
    }

    /**
     * The label rule of the op fixtures: {@code floor(torch.rand(shape) * float32(high)).long()},
     * values in [0, high).
     */
    public void randIntBelow(long[] a, int high) {
        if (high <= 0) {
            throw new IllegalArgumentException("randIntBelow needs high > 0, got " + high);
        }
        float scale = high;
        for (int i = 0; i < a.length; i++) {
            a[i] = (long) Math.floor(nextUniformFloat(0f, 1f) * scale);
        }
    }

    /**
     * The bound b of {@code nn.init.kaiming_uniform_(w, a=math.sqrt(5))} as PyTorch computes it
     * in Python doubles: gain = sqrt(2 / (1 + a^2)), std = gain / sqrt(fanIn), b = sqrt(3) * std.
     * Mathematically 1/sqrt(fanIn); the rounding of each step is kept so draws are bit exact.
     */
    public static double kaimingUniformBound(int fanIn) {
        requirePositiveFanIn(fanIn);
        double gain = Math.sqrt(2.0 / (1 + KAIMING_A * KAIMING_A));
        double std = gain / Math.sqrt(fanIn);
        return Math.sqrt(3.0) * std;
    }

    /** The bias bound 1 / sqrt(fanIn) of {@code nn.Conv2d} and {@code nn.Linear}, in double. */
    public static double biasUniformBound(int fanIn) {
        requirePositiveFanIn(fanIn);
        return 1 / Math.sqrt(fanIn);
    }

    /**
     * Default weight init of {@code nn.Conv2d} and {@code nn.Linear}: U(-b, b) with
     * b = {@link #kaimingUniformBound(int)}; fanIn = C_in * kh * kw (in_features for Linear).
     */
    public void fillKaimingUniform(float[] w, int fanIn) {
        double bound = kaimingUniformBound(fanIn);
        fillUniform(w, (float) -bound, (float) bound);
    }

    /** {@link #fillKaimingUniform(float[], int)} drawn in float32 and widened to double. */
    public void fillKaimingUniform(double[] w, int fanIn) {
        double bound = kaimingUniformBound(fanIn);
        fillUniform(w, (float) -bound, (float) bound);
    }

    /** Default bias init of {@code nn.Conv2d} and {@code nn.Linear}: U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
    public void fillBiasUniform(float[] b, int fanIn) {
        double bound = biasUniformBound(fanIn);
        fillUniform(b, (float) -bound, (float) bound);
    }

    /** {@link #fillBiasUniform(float[], int)} drawn in float32 and widened to double. */
    public void fillBiasUniform(double[] b, int fanIn) {
        double bound = biasUniformBound(fanIn);
        fillUniform(b, (float) -bound, (float) bound);
    }

    /**
     * A standard normal sample by the Box-Muller transform over this generator's stream
     * (two 53-bit uniforms, each from two 32-bit outputs; one sample of each pair is kept for
     * the next call). NOT compatible with {@code torch.randn} or {@code normal_}: use it where
     * a proxy only needs Gaussian noise (Zen's re-init and inputs), never to match a PyTorch fixture.
     */
    public double nextGaussian() {
        if (hasSpareGaussian) {
            hasSpareGaussian = false;
            return spareGaussian;
        }
        double u1;
        do {
            u1 = nextDouble53();
        } while (u1 == 0.0);
        double u2 = nextDouble53();
        double radius = Math.sqrt(-2.0 * Math.log(u1));
        double angle = 2.0 * Math.PI * u2;
        spareGaussian = radius * Math.sin(angle);
        hasSpareGaussian = true;
        return radius * Math.cos(angle);
    }

    /** Fills {@code a} with {@link #nextGaussian()} samples times {@code std} plus {@code mean}, rounded to float32. */
    public void fillGaussian(float[] a, double mean, double std) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (mean + std * nextGaussian());
        }
    }

    /** Fills {@code a} with {@link #nextGaussian()} samples times {@code std} plus {@code mean}. */
    public void fillGaussian(double[] a, double mean, double std) {
        for (int i = 0; i < a.length; i++) {
            a[i] = mean + std * nextGaussian();
        }
    }

    /** A uniform double in [0, 1) with 53 random bits (two 32-bit outputs: 27 high bits, then 26). */
    private double nextDouble53() {
        long high = Integer.toUnsignedLong(mt.nextInt()) >>> 5;
        long low = Integer.toUnsignedLong(mt.nextInt()) >>> 6;
        return (high * 67108864.0 + low) * (1.0 / 9007199254740992.0);
    }

    private static void requirePositiveFanIn(int fanIn) {
        if (fanIn <= 0) {
            throw new IllegalArgumentException("fan_in must be positive, got " + fanIn
                    + "; PyTorch skips init for zero-size tensors, so do not call this for them");
        }
    }
}
