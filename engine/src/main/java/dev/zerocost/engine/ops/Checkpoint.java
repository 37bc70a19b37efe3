package dev.zerocost.engine.ops;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.autograd.Function;
import dev.zerocost.engine.autograd.GradMode;
import dev.zerocost.engine.backend.MemoryScope;
import java.util.ArrayList;
import java.util.List;

/**
 * A composite of differentiable ops recorded as ONE graph node (gradient checkpointing): the
 * forward runs the body without a graph and keeps only its output; the backward runs the body
 * again with the graph on and differentiates it. Values and derivatives are those of the body
 * itself. Used for backward rules that run with the graph on (second order, GraSP): batch norm's
 * backward formula would otherwise keep about seven full-size intermediates per layer alive
 * until the Hessian-vector product ends.
 */
public final class Checkpoint extends Function {
    /** The composite: a function of the node's inputs (entries may be null). */
    public interface Body {
        Tensor apply(Tensor[] inputs);
    }

    private final Body body;
    private final String name;

    private Checkpoint(Body body, String name) {
        this.body = body;
        this.name = name;
    }

    public static Tensor apply(String name, Body body, Tensor... inputs) {
        return apply(name, body, body, inputs);
    }

    /**
     * As {@link #apply(String, Body, Tensor...)}, with the forward value computed by {@code value}:
     * the same function as {@code body} up to rounding, without a graph (fused kernels, say). The
     * backward still differentiates {@code body}.
     */
    public static Tensor apply(String name, Body body, Body value, Tensor... inputs) {
        Tensor out;
        try (MemoryScope scope = MemoryScope.open(); GradMode.Scope off = GradMode.noGrad()) {
            out = value.apply(inputs);
            scope.keep(out.buffer());
        }
        return Tensor.fromOp(out.buffer(), out.shape(), new Checkpoint(body, name), inputs);
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        Tensor[] in = inputs();
        if (GradMode.isEnabled()) {
            throw new UnsupportedOperationException(name + ": a checkpointed node is differentiable once more, not"
                    + " twice; third-order derivatives through it are not supported");
        }
        // the body on detached copies of the inputs: its gradients are this node's local partials
        // (the outer walk applies the chain rule through the inputs' own graphs)
        Tensor[] leaves = new Tensor[in.length];
        List<Tensor> targets = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            if (in[i] == null) {
                continue;
            }
            boolean wanted = needed[i] && in[i].requiresGrad();
            leaves[i] = wanted ? in[i].detach().requiresGrad(true) : in[i].detach();
            if (wanted) {
                targets.add(leaves[i]);
                slots.add(i);
            }
        }
        Tensor[] result = new Tensor[in.length];
        if (targets.isEmpty()) {
            return result;
        }
        List<Tensor> grads;
        try (MemoryScope scope = MemoryScope.open(); GradMode.Scope on = GradMode.enableGrad()) {
            grads = Autograd.grad(List.of(body.apply(leaves)), targets, List.of(g), false);
            grads.forEach(t -> scope.keep(t.buffer()));
        }
        for (int k = 0; k < slots.size(); k++) {
            result[slots.get(k)] = grads.get(k);
        }
        return result;
    }

    @Override
    public String name() {
        return name;
    }
}
