package dev.zerocost.engine.random;

/**
 * The MT19937 Mersenne Twister, bit-compatible with both PyTorch's CPU generator
 * ({@code torch.manual_seed(s)} = {@link #seeded(long)}) and CPython's {@code random}
 * module ({@code random.seed(n)} = {@link #seededByArray(int[])} over the 32-bit words of n).
 */
public final class Mt19937 {
    private static final int N = 624;
    private static final int M = 397;
    private final int[] state = new int[N];
    private int index = N + 1;

    private Mt19937() {
    }

    /** {@code init_genrand(seed)}: PyTorch's {@code manual_seed} (seed taken modulo 2^32). */
    public static Mt19937 seeded(long seed) {
        Mt19937 mt = new Mt19937();
        mt.initGenrand((int) seed);
        return mt;
    }

    /** {@code init_by_array(key)}: CPython's {@code random.seed(int)} with the integer's 32-bit words, least significant first. */
    public static Mt19937 seededByArray(int[] key) {
        Mt19937 mt = new Mt19937();
        mt.initGenrand(19650218);
        int i = 1;
        int j = 0;
        int k = Math.max(N, key.length);
        for (; k > 0; k--) {
            int prev = mt.state[i - 1] ^ (mt.state[i - 1] >>> 30);
            mt.state[i] = (mt.state[i] ^ (prev * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt.state[0] = mt.state[N - 1];
                i = 1;
            }
            if (j >= key.length) {
                j = 0;
            }
        }
        for (k = N - 1; k > 0; k--) {
            int prev = mt.state[i - 1] ^ (mt.state[i - 1] >>> 30);
            mt.state[i] = (mt.state[i] ^ (prev * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt.state[0] = mt.state[N - 1];
                i = 1;
            }
        }
        mt.state[0] = 0x80000000;
        return mt;
    }

    /** CPython's {@code random.seed(n)} for a non-negative integer n. */
    public static Mt19937 pythonSeed(long n) {
        if (n < 0) {
            n = -n; // CPython seeds with abs(n)
        }
        int lo = (int) n;
        int hi = (int) (n >>> 32);
        return seededByArray(hi == 0 ? new int[] {lo} : new int[] {lo, hi});
    }

    private void initGenrand(int seed) {
        state[0] = seed;
        for (int i = 1; i < N; i++) {
            state[i] = 1812433253 * (state[i - 1] ^ (state[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    /** The next 32 random bits, as an unsigned value in a long. */
    public long nextUnsigned32() {
        return Integer.toUnsignedLong(nextInt());
    }

    /** The next 32 random bits. */
    public int nextInt() {
        if (index >= N) {
            twist();
        }
        int y = state[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private void twist() {
        for (int kk = 0; kk < N; kk++) {
            int y = (state[kk] & 0x80000000) | (state[(kk + 1) % N] & 0x7fffffff);
            int next = state[(kk + M) % N] ^ (y >>> 1);
            if ((y & 1) != 0) {
                next ^= 0x9908b0df;
            }
            state[kk] = next;
        }
        index = 0;
    }

    /** CPython's {@code getrandbits(k)} for 0 < k <= 32. */
    public int getRandBits(int k) {
        if (k <= 0 || k > 32) {
            throw new IllegalArgumentException("getRandBits supports 1..32 bits, got " + k);
        }
        return nextInt() >>> (32 - k);
    }

    /** CPython's {@code _randbelow(n)}: rejection sampling with {@code getrandbits(n.bit_length())}. */
    public int randBelow(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("randBelow needs n > 0, got " + n);
        }
        int k = 32 - Integer.numberOfLeadingZeros(n);
        int r = getRandBits(k);
        while (Integer.compareUnsigned(r, n) >= 0) {
            r = getRandBits(k);
        }
        return r;
    }

    /** CPython's {@code random.shuffle(list)}: Fisher-Yates from the end. */
    public <T> void shuffle(java.util.List<T> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = randBelow(i + 1);
            T tmp = list.get(i);
            list.set(i, list.get(j));
            list.set(j, tmp);
        }
    }
}
