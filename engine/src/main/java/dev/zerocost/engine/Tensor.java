package dev.zerocost.engine;

import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.autograd.Function;
import dev.zerocost.engine.autograd.GradMode;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.BinaryOp;
import dev.zerocost.engine.backend.Buffer;
import dev.zerocost.engine.backend.ReduceOp;
import dev.zerocost.engine.backend.UnaryOp;
import dev.zerocost.engine.io.NdArray;
import dev.zerocost.engine.ops.Binary;
import dev.zerocost.engine.ops.Cast;
import dev.zerocost.engine.ops.Compare;
import dev.zerocost.engine.ops.Concat;
import dev.zerocost.engine.ops.Expand;
import dev.zerocost.engine.ops.Matmul;
import dev.zerocost.engine.ops.Permute;
import dev.zerocost.engine.ops.Reduce;
import dev.zerocost.engine.ops.Reshape;
import dev.zerocost.engine.ops.Slice;
import dev.zerocost.engine.ops.Unary;
import dev.zerocost.engine.ops.Where;
import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional array in a backend buffer, contiguous and row-major, that records the op
 * that made it so gradients can flow back. Tensors are values: ops return new tensors, and only
 * a leaf's {@link #grad()} (filled by {@link #backward()}) changes after creation.
 */
public final class Tensor {
    private final Buffer buffer;
    private final int[] shape;
    private boolean requiresGrad;
    private Function gradFn;
    private Tensor grad;

    private Tensor(Buffer buffer, int[] shape) {
        if (Shapes.size(shape) != buffer.size()) {
            throw new IllegalArgumentException("shape " + Shapes.str(shape) + " needs " + Shapes.size(shape)
                    + " elements but the buffer holds " + buffer.size());
        }
        this.buffer = buffer;
        this.shape = shape.clone();
    }

    /** Wraps an existing buffer (no copy). */
    public static Tensor wrap(Buffer buffer, int... shape) {
        return new Tensor(buffer, shape);
    }

    /** The result of an op: attaches the node when grad mode is on and any input needs a gradient. */
    public static Tensor fromOp(Buffer buffer, int[] shape, Function fn, Tensor... inputs) {
        Tensor t = new Tensor(buffer, shape);
        if (fn != null && GradMode.isEnabled()) {
            for (Tensor in : inputs) {
                if (in != null && in.requiresGrad) {
                    fn.attach(inputs);
                    t.gradFn = fn;
                    t.requiresGrad = true;
                    break;
                }
            }
        }
        return t;
    }

    // ---- creation -------------------------------------------------------------------------

    /** A zero-filled tensor on the default backend. */
    public static Tensor zeros(DType dtype, int... shape) {
        return new Tensor(Backends.current().allocate(dtype, Shapes.size(shape)), shape);
    }

    public static Tensor zeros(int... shape) {
        return zeros(DType.FLOAT32, shape);
    }

    public static Tensor full(double value, DType dtype, int... shape) {
        Tensor t = zeros(dtype, shape);
        t.backend().fill(t.buffer, value);
        return t;
    }

    public static Tensor ones(DType dtype, int... shape) {
        return full(1.0, dtype, shape);
    }

    public static Tensor ones(int... shape) {
        return ones(DType.FLOAT32, shape);
    }

    public static Tensor scalar(double value, DType dtype) {
        return full(value, dtype);
    }

    public static Tensor of(NdArray array) {
        return of(Backends.current(), array);
    }

    /** Uploads host data to the given backend. */
    public static Tensor of(Backend backend, NdArray array) {
        return new Tensor(backend.upload(array), array.shape());
    }

    public static Tensor of(float[] data, int... shape) {
        return of(new NdArray(DType.FLOAT32, shape, data));
    }

    public static Tensor of(double[] data, int... shape) {
        return of(new NdArray(DType.FLOAT64, shape, data));
    }

    public static Tensor ofLongs(long[] data, int... shape) {
        return of(new NdArray(DType.INT64, shape, data));
    }

    /** 0, 1, ..., n-1. */
    public static Tensor arange(int n, DType dtype) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return of(v, n).to(dtype);
    }

    /** Concatenation along the first axis. */
    public static Tensor cat(List<Tensor> parts) {
        return Concat.apply(parts);
    }

    /** cond != 0 ? a : b, broadcasting all three. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return Where.apply(cond, a, b);
    }

    // ---- facts -----------------------------------------------------------------------------

    public int[] shape() {
        return shape.clone();
    }

    public int dim(int axis) {
        return shape[Shapes.axis(axis, shape)];
    }

    public int rank() {
        return shape.length;
    }

    public long size() {
        return buffer.size();
    }

    public DType dtype() {
        return buffer.dtype();
    }

    public Backend backend() {
        return buffer.backend();
    }

    public Buffer buffer() {
        return buffer;
    }

    // ---- host data ---------------------------------------------------------------------------

    public NdArray toNdArray() {
        return backend().download(buffer, shape);
    }

    public float[] toFloatArray() {
        return (float[]) to(DType.FLOAT32).toNdArray().data();
    }

    public double[] toDoubleArray() {
        return (double[]) to(DType.FLOAT64).toNdArray().data();
    }

    public long[] toLongArray() {
        return (long[]) to(DType.INT64).toNdArray().data();
    }

    /** The single value of a one-element tensor. */
    public double item() {
        if (size() != 1) {
            throw new IllegalStateException("item() needs a one-element tensor, shape is " + Shapes.str(shape));
        }
        return toDoubleArray()[0];
    }

    // ---- autograd ----------------------------------------------------------------------------

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf as a target of gradients. Returns this. */
    public Tensor requiresGrad(boolean flag) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad can only be set on leaf tensors; use detach() first");
        }
        if (flag && !dtype().isFloating()) {
            throw new IllegalArgumentException("only float32/float64 tensors can require gradients, this is " + dtype());
        }
        requiresGrad = flag;
        return this;
    }

    public boolean isLeaf() {
        return gradFn == null;
    }

    public Function gradFn() {
        return gradFn;
    }

    /** Accumulated gradient of a leaf after {@link #backward()}, or null. */
    public Tensor grad() {
        return grad;
    }

    public void setGrad(Tensor g) {
        grad = g;
    }

    /** A detached copy in a new buffer (what a deep copy of a module stores). */
    public Tensor copy() {
        Buffer out = backend().allocate(dtype(), size());
        backend().copyStrided(buffer, 0, new int[] {(int) size()}, new long[] {1}, out, 0);
        Tensor t = new Tensor(out, shape);
        t.requiresGrad = requiresGrad && gradFn == null;
        return t;
    }

    /** The same data, cut from the graph. */
    public Tensor detach() {
        return new Tensor(buffer, shape);
    }

    /** Accumulates d(this)/d(leaf) into every leaf that requires a gradient (seed ones). */
    public void backward() {
        Autograd.backward(this);
    }

    // ---- elementwise ---------------------------------------------------------------------------

    public Tensor add(Tensor o) {
        return Binary.apply(BinaryOp.ADD, this, o);
    }

    public Tensor sub(Tensor o) {
        return Binary.apply(BinaryOp.SUB, this, o);
    }

    public Tensor mul(Tensor o) {
        return Binary.apply(BinaryOp.MUL, this, o);
    }

    public Tensor div(Tensor o) {
        return Binary.apply(BinaryOp.DIV, this, o);
    }

    public Tensor maximum(Tensor o) {
        return Binary.apply(BinaryOp.MAX, this, o);
    }

    public Tensor minimum(Tensor o) {
        return Binary.apply(BinaryOp.MIN, this, o);
    }

    public Tensor add(double s) {
        return Unary.apply(UnaryOp.ADD_SCALAR, s, this);
    }

    public Tensor sub(double s) {
        return Unary.apply(UnaryOp.ADD_SCALAR, -s, this);
    }

    public Tensor mul(double s) {
        return Unary.apply(UnaryOp.MUL_SCALAR, s, this);
    }

    public Tensor div(double s) {
        return Unary.apply(UnaryOp.MUL_SCALAR, 1.0 / s, this);
    }

    public Tensor pow(double p) {
        return Unary.apply(UnaryOp.POW_SCALAR, p, this);
    }

    public Tensor neg() {
        return Unary.apply(UnaryOp.NEG, 0, this);
    }

    public Tensor abs() {
        return Unary.apply(UnaryOp.ABS, 0, this);
    }

    public Tensor exp() {
        return Unary.apply(UnaryOp.EXP, 0, this);
    }

    public Tensor log() {
        return Unary.apply(UnaryOp.LOG, 0, this);
    }

    public Tensor sqrt() {
        return Unary.apply(UnaryOp.SQRT, 0, this);
    }

    public Tensor relu() {
        return Unary.apply(UnaryOp.RELU, 0, this);
    }

    /** -1, 0, 1 (not differentiable). */
    public Tensor sign() {
        return Unary.apply(UnaryOp.SIGN, 0, this);
    }

    /** 1 where this is NaN (not differentiable). */
    public Tensor isNan() {
        return Unary.apply(UnaryOp.IS_NAN, 0, this);
    }

    // comparisons give 0/1 in this dtype and carry no gradient
    public Tensor gt(Tensor o) {
        return Compare.apply(BinaryOp.GT, this, o);
    }

    public Tensor ge(Tensor o) {
        return Compare.apply(BinaryOp.GE, this, o);
    }

    public Tensor lt(Tensor o) {
        return Compare.apply(BinaryOp.LT, this, o);
    }

    public Tensor le(Tensor o) {
        return Compare.apply(BinaryOp.LE, this, o);
    }

    public Tensor eq(Tensor o) {
        return Compare.apply(BinaryOp.EQ, this, o);
    }

    public Tensor to(DType dtype) {
        return dtype == dtype() ? this : Cast.apply(this, dtype);
    }

    // ---- reductions ----------------------------------------------------------------------------

    /** Sum of all elements, as a 0-d tensor. */
    public Tensor sum() {
        return Reduce.apply(ReduceOp.SUM, this, Shapes.axisFlags(shape), false);
    }

    public Tensor sum(boolean keepDims, int... axes) {
        return Reduce.apply(ReduceOp.SUM, this, Shapes.axisFlags(shape, axes), keepDims);
    }

    public Tensor mean() {
        return sum().mul(1.0 / size());
    }

    public Tensor mean(boolean keepDims, int... axes) {
        boolean[] flags = Shapes.axisFlags(shape, axes);
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (flags[i]) {
                count *= shape[i];
            }
        }
        return Reduce.apply(ReduceOp.SUM, this, flags, keepDims).mul(1.0 / count);
    }

    public Tensor max(boolean keepDims, int... axes) {
        return Reduce.apply(ReduceOp.MAX, this, Shapes.axisFlags(shape, axes), keepDims);
    }

    /** Variance over the axes, biased (divide by n) or unbiased (n - 1). */
    public Tensor var(boolean keepDims, boolean unbiased, int... axes) {
        Tensor centred = sub(mean(true, axes));
        Tensor ss = centred.mul(centred).sum(keepDims, axes);
        long n = size() / ss.size();
        return ss.mul(1.0 / (unbiased ? n - 1 : n));
    }

    // ---- movement --------------------------------------------------------------------------------

    /** Same data, new shape (one axis may be -1). */
    public Tensor reshape(int... newShape) {
        return Reshape.apply(this, newShape);
    }

    public Tensor view(int... newShape) {
        return reshape(newShape);
    }

    /** Keeps axes before startDim and flattens the rest into one. */
    public Tensor flatten(int startDim) {
        int s = Shapes.axis(startDim, shape);
        int[] out = Arrays.copyOf(shape, s + 1);
        out[s] = (int) (Shapes.size(shape) / Shapes.size(Arrays.copyOf(shape, s)));
        return reshape(out);
    }

    public Tensor permute(int... axes) {
        return Permute.apply(this, axes);
    }

    /** Swaps the last two axes. */
    public Tensor transpose() {
        int[] p = new int[shape.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        p[p.length - 1] = p.length - 2;
        p[p.length - 2] = p.length - 1;
        return permute(p);
    }

    /** Rows [start, end) of the first (batch) axis. */
    public Tensor slice(int start, int end) {
        return Slice.apply(this, start, end);
    }

    /** Broadcasts to a larger shape (copying). */
    public Tensor expand(int... newShape) {
        return Expand.apply(this, newShape);
    }

    /** Matrix product of [m, k] x [k, n] or batched [b, m, k] x [b, k, n]. */
    public Tensor matmul(Tensor o) {
        return Matmul.apply(this, o, false, false);
    }

    @Override
    public String toString() {
        return "Tensor(" + dtype() + ", " + Shapes.str(shape) + (gradFn != null ? ", grad_fn=" + gradFn.name() : "")
                + (requiresGrad && gradFn == null ? ", requires_grad" : "") + ")";
    }
}
