package dev.zerocost.engine;

import java.util.Arrays;

/** Shape arithmetic shared by ops and backends. */
public final class Shapes {
    private Shapes() {
    }

    public static long size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Row-major element strides of a contiguous tensor. */
    public static long[] strides(int[] shape) {
        long[] st = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= shape[i];
        }
        return st;
    }

    /** Normalises a possibly negative axis against a rank, with an error naming the shape. */
    public static int axis(int axis, int[] shape) {
        int a = axis < 0 ? axis + shape.length : axis;
        if (a < 0 || a >= shape.length) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for shape " + Arrays.toString(shape));
        }
        return a;
    }

    /** Flags for the given axes (all axes when none are given). */
    public static boolean[] axisFlags(int[] shape, int... axes) {
        boolean[] flags = new boolean[shape.length];
        if (axes.length == 0) {
            Arrays.fill(flags, true);
        }
        for (int a : axes) {
            flags[axis(a, shape)] = true;
        }
        return flags;
    }

    /** The shape after reducing the flagged axes, keeping them as size 1 or dropping them. */
    public static int[] reduced(int[] shape, boolean[] flags, boolean keepDims) {
        int[] out = new int[shape.length];
        int k = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!flags[i]) {
                out[k++] = shape[i];
            } else if (keepDims) {
                out[k++] = 1;
            }
        }
        return Arrays.copyOf(out, k);
    }

    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
