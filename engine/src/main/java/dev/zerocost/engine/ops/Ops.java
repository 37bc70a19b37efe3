package dev.zerocost.engine.ops;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Shapes;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.Buffer;

/** Checks and allocation shared by the op classes. */
final class Ops {
    private Ops() {
    }

    static Buffer allocate(Tensor like, DType dtype, int[] shape) {
        return like.backend().allocate(dtype, Shapes.size(shape));
    }

    /** An output buffer the next primitive writes in full: its contents are unspecified. */
    static Buffer allocateForOverwrite(Tensor like, DType dtype, int[] shape) {
        return like.backend().allocateForOverwrite(dtype, Shapes.size(shape));
    }

    /** A zero tensor of this shape on the same backend and dtype as like. */
    static Tensor zeros(Tensor like, int[] shape) {
        return Tensor.wrap(allocate(like, like.dtype(), shape), shape);
    }

    static Backend sameBackend(String op, Tensor a, Tensor b) {
        if (a.backend() != b.backend()) {
            throw new IllegalArgumentException(op + ": operands live on different backends ("
                    + a.backend().name() + " and " + b.backend().name() + "); move one with the same backend first");
        }
        return a.backend();
    }

    static void sameDtype(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": dtypes differ, " + a.dtype() + " " + Shapes.str(a.shape())
                    + " vs " + b.dtype() + " " + Shapes.str(b.shape()) + "; cast one with .to(...)");
        }
    }

    static void floating(String op, Tensor a) {
        if (!a.dtype().isFloating()) {
            throw new IllegalArgumentException(op + " needs a float32 or float64 tensor, got " + a.dtype()
                    + " " + Shapes.str(a.shape()));
        }
    }

    static void rank(String op, String what, Tensor t, int rank) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(op + ": " + what + " must have " + rank + " dimensions, got shape "
                    + Shapes.str(t.shape()));
        }
    }
}
