package dev.zerocost.engine.autograd;

import dev.zerocost.engine.Shapes;
import dev.zerocost.engine.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph walker. {@link #grad} returns d(outputs)/d(inputs) and visits only the nodes that
 * lie between them. Fan-out accumulation (a tensor read by several ops) and the reduction of
 * broadcast gradients to an input's shape happen here, once, never in the ops.
 */
public final class Autograd {
    private Autograd() {
    }

    /**
     * Vector-Jacobian products: for each input, sum over outputs of seed_k^T d(output_k)/d(input).
     *
     * @param seeds one per output, or null for ones (the usual choice for scalar losses)
     * @param createGraph when true the returned gradients are themselves differentiable
     *     (Hessian-vector products); when false they are detached constants
     * @return one gradient per input, zeros for an input the outputs do not depend on
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> seeds, boolean createGraph) {
        if (seeds != null && seeds.size() != outputs.size()) {
            throw new IllegalArgumentException("grad: " + outputs.size() + " outputs but " + seeds.size() + " seeds");
        }
        Set<Tensor> targets = identitySet(inputs);
        Map<Tensor, Boolean> relevant = relevance(outputs, targets);
        List<Tensor> order = topologicalOrder(outputs, relevant);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        try (GradMode.Scope mode = createGraph ? GradMode.enableGrad() : GradMode.noGrad()) {
            for (int k = 0; k < outputs.size(); k++) {
                Tensor out = outputs.get(k);
                Tensor seed = seeds == null || seeds.get(k) == null ? ones(out) : seeds.get(k);
                if (!Arrays.equals(seed.shape(), out.shape())) {
                    throw new IllegalArgumentException("grad: seed shape " + Shapes.str(seed.shape())
                            + " does not match output shape " + Shapes.str(out.shape()));
                }
                accumulate(grads, out, seed);
            }
            for (Tensor t : order) {
                Tensor g = grads.get(t);
                Function fn = t.gradFn();
                if (g == null || fn == null) {
                    continue;
                }
                Tensor[] in = fn.inputs();
                boolean[] needed = new boolean[in.length];
                boolean any = false;
                for (int i = 0; i < in.length; i++) {
                    needed[i] = in[i] != null && Boolean.TRUE.equals(relevant.get(in[i]));
                    any |= needed[i];
                }
                if (!any) {
                    continue;
                }
                Tensor[] back = fn.backward(g, needed);
                for (int i = 0; i < in.length; i++) {
                    if (needed[i] && back[i] != null) {
                        accumulate(grads, in[i], sumToShape(back[i], in[i].shape()));
                    }
                }
                if (!targets.contains(t)) {
                    grads.remove(t); // done with it: let intermediate gradients go early
                }
            }
            List<Tensor> result = new ArrayList<>(inputs.size());
            for (Tensor input : inputs) {
                Tensor g = grads.get(input);
                result.add(g != null ? g : Tensor.wrap(input.backend().allocate(input.dtype(), input.size()), input.shape()));
            }
            return result;
        }
    }

    /** Gradient of a single scalar output. */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs, boolean createGraph) {
        return grad(List.of(output), inputs, null, createGraph);
    }

    /** Accumulates d(output)/d(leaf) into {@code leaf.grad()} for every leaf that requires a gradient. */
    public static void backward(Tensor output) {
        List<Tensor> leaves = new ArrayList<>();
        Set<Tensor> seen = identitySet(List.of());
        Deque<Tensor> stack = new ArrayDeque<>();
        stack.push(output);
        while (!stack.isEmpty()) {
            Tensor t = stack.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (t.gradFn() == null) {
                if (t.requiresGrad()) {
                    leaves.add(t);
                }
            } else {
                for (Tensor in : t.gradFn().inputs()) {
                    if (in != null && in.requiresGrad()) {
                        stack.push(in);
                    }
                }
            }
        }
        if (!output.requiresGrad()) {
            throw new IllegalStateException("backward(): the output does not depend on any tensor that requires a gradient");
        }
        List<Tensor> grads = grad(List.of(output), leaves, null, false);
        for (int i = 0; i < leaves.size(); i++) {
            Tensor leaf = leaves.get(i);
            Tensor g = grads.get(i);
            try (GradMode.Scope s = GradMode.noGrad()) {
                leaf.setGrad(leaf.grad() == null ? g : leaf.grad().add(g));
            }
        }
    }

    /** Sums a broadcast gradient back down to the shape of the input it belongs to. */
    static Tensor sumToShape(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) {
            return g;
        }
        int lead = gs.length - shape.length;
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < gs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) {
                axes.add(i);
            }
        }
        Tensor s = axes.isEmpty() ? g : g.sum(true, axes.stream().mapToInt(Integer::intValue).toArray());
        return s.reshape(shape);
    }

    private static void accumulate(Map<Tensor, Tensor> grads, Tensor t, Tensor g) {
        Tensor g2 = g.dtype() == t.dtype() ? g : g.to(t.dtype());
        grads.merge(t, g2, Tensor::add);
    }

    private static Tensor ones(Tensor like) {
        Tensor t = Tensor.wrap(like.backend().allocate(like.dtype(), like.size()), like.shape());
        like.backend().fill(t.buffer(), 1.0);
        return t;
    }

    /** Marks tensors on some path from the outputs to a target (iteratively: graphs are deep). */
    private static Map<Tensor, Boolean> relevance(List<Tensor> outputs, Set<Tensor> targets) {
        Map<Tensor, Boolean> relevant = new IdentityHashMap<>();
        Deque<Tensor> stack = new ArrayDeque<>();
        Set<Tensor> expanded = identitySet(List.of());
        for (Tensor o : outputs) {
            stack.push(o);
        }
        while (!stack.isEmpty()) {
            Tensor t = stack.peek();
            if (relevant.containsKey(t)) {
                stack.pop();
                continue;
            }
            Function fn = t.gradFn();
            if (fn == null) {
                relevant.put(t, targets.contains(t));
                stack.pop();
                continue;
            }
            if (expanded.add(t)) {
                for (Tensor in : fn.inputs()) {
                    if (in != null && !relevant.containsKey(in)) {
                        stack.push(in);
                    }
                }
                continue;
            }
            boolean any = targets.contains(t);
            for (Tensor in : fn.inputs()) {
                any |= in != null && Boolean.TRUE.equals(relevant.get(in));
            }
            relevant.put(t, any);
            stack.pop();
        }
        return relevant;
    }

    /** Relevant tensors, each after every tensor that consumes it (reverse postorder). */
    private static List<Tensor> topologicalOrder(List<Tensor> outputs, Map<Tensor, Boolean> relevant) {
        List<Tensor> post = new ArrayList<>();
        Set<Tensor> visited = identitySet(List.of());
        Deque<Object[]> stack = new ArrayDeque<>();
        for (Tensor o : outputs) {
            if (Boolean.TRUE.equals(relevant.get(o)) && visited.add(o)) {
                stack.push(new Object[] {o, 0});
            }
            while (!stack.isEmpty()) {
                Object[] frame = stack.peek();
                Tensor t = (Tensor) frame[0];
                int next = (Integer) frame[1];
                Tensor[] in = t.gradFn() == null ? new Tensor[0] : t.gradFn().inputs();
                if (next < in.length) {
                    frame[1] = next + 1;
                    Tensor c = in[next];
                    if (c != null && Boolean.TRUE.equals(relevant.get(c)) && visited.add(c)) {
                        stack.push(new Object[] {c, 0});
                    }
                } else {
                    post.add(t);
                    stack.pop();
                }
            }
        }
        Collections.reverse(post);
        return post;
    }

    private static Set<Tensor> identitySet(List<Tensor> items) {
        Set<Tensor> s = Collections.newSetFromMap(new IdentityHashMap<>());
        s.addAll(items);
        return s;
    }
}
