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

    /** Number of output elements. */
    public long size() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
