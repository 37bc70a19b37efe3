package dev.zerocost.engine.backend;

import java.util.Arrays;

/**
 * How up to three contiguous operands map onto an output shape: per operand, the element
 * stride along each output axis (0 where the operand is broadcast).
 */
public record Broadcast(int[] shape, long[] aStrides, long[] bStrides, long[] cStrides) {

    /** Broadcasts operand shapes (NumPy rules) and returns the strides of each operand. */
    public static Broadcast of(int[]... shapes) {
        int rank = 0;
        for (int[] s : shapes) {
            rank = Math.max(rank, s.length);
        }
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        for (int[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int axis = rank - s.length + i;
                int d = s[i];
                if (out[axis] == 1) {
                    out[axis] = d;
                } else if (d != 1 && d != out[axis]) {
                    StringBuilder sb = new StringBuilder("shapes cannot be broadcast together:");
                    for (int[] t : shapes) {
                        sb.append(' ').append(Arrays.toString(t));
                    }
                    throw new IllegalArgumentException(sb.toString());
                }
            }
        }
        long[][] strides = new long[3][];
        for (int k = 0; k < shapes.length; k++) {
            strides[k] = stridesFor(shapes[k], out);
        }
        return new Broadcast(out, strides[0], strides[1], strides[2]);
    }

    private static long[] stridesFor(int[] s, int[] out) {
        long[] st = new long[out.length];
        long stride = 1;
        for (int i = s.length - 1; i >= 0; i--) {
            int axis = out.length - s.length + i;
            st[axis] = s[i] == 1 && out[axis] != 1 ? 0 : stride;
            stride *= s[i];
        }
        return st;
    }

    /**
     * The same mapping over as few axes as possible: axes of extent 1 are dropped, and an axis is
     * merged into the next one inward wherever every operand steps across the two as across one
     * (stride[d] == stride[d + 1] * shape[d + 1], which includes an operand broadcast over both).
     * The output's row-major order of elements is unchanged. A per-channel operand of an
     * [N, C, H, W] output ([1, C, 1, 1]) becomes [N, C, H * W], so loops along the last axis run
     * H * W elements at a time instead of W (8 on NB-201's smallest planes).
     */
    public Broadcast coalesced() {
        int rank = shape.length;
        int[] sh = new int[rank];
        long[][] st = {new long[rank], new long[rank], cStrides == null ? null : new long[rank]};
        long[][] in = {aStrides, bStrides, cStrides};
        int r = 0;
        for (int d = 0; d < rank; d++) {
            if (shape[d] == 1) {
                continue;
            }
            boolean merge = r > 0;
            for (int k = 0; k < 3 && merge; k++) {
                merge = in[k] == null || st[k][r - 1] == in[k][d] * shape[d];
            }
            int at = merge ? r - 1 : r++; // the axis d lands on: the previous one, or a new one
            sh[at] = merge ? sh[at] * shape[d] : shape[d];
            for (int k = 0; k < 3; k++) {
                if (in[k] != null) {
                    st[k][at] = in[k][d];
                }
            }
        }
        if (r == rank) {
            return this;
        }
        return new Broadcast(Arrays.copyOf(sh, r), Arrays.copyOf(st[0], r), Arrays.copyOf(st[1], r),
                st[2] == null ? null : Arrays.copyOf(st[2], r));
    }

    /** Number of output elements. */
    public long size() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
