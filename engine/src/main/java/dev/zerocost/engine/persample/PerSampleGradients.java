package dev.zerocost.engine.persample;

import dev.zerocost.engine.Shapes;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.autograd.GradMode;
import dev.zerocost.engine.backend.Geometry;
import dev.zerocost.engine.nn.Conv2d;
import dev.zerocost.engine.nn.Linear;
import dev.zerocost.engine.nn.Module;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Per-sample gradients G_i of Conv2d and Linear weights and biases (Opacus / BackPACK): the
 * weight-gradient kernel without the reduction over the batch, G_i = scale * sum over
 * positions of dL/d(out_i) (x) in_i. One forward with hooks records every layer's input and
 * output; one backward walk ({@link Autograd#grad}) returns dL/d(output) of every layer
 * together with the batch gradient of every weight and bias; then each layer's G_i are
 * streamed, a sample at a time, into a {@link GradientStatistics} under the parameter's
 * state-dict name. Nothing of size [B, params] is ever formed.
 *
 * <p>With the default scale B and a batch-mean loss, G_i is the gradient of sample i's own
 * loss term and the G_i sum to B times the batch gradient. With no coupling between samples
 * (no batch norm, or batch norm in eval mode) G_i equals the gradient of sample i run alone;
 * with train-mode batch norm it is the per-sample decomposition of the batch gradient.
 *
 * <p>Only Conv2d and Linear have a per-sample rule. BatchNorm2d affine parameters are left out
 * by design: their per-sample rule needs the normalised input, which the module does not
 * expose, and the proxies score conv and linear weights only. Asking for any other module by
 * name is an error that names it. A module called more than once per forward (shared weights)
 * is rejected; one never called, or whose output does not reach the loss, gets zero gradients.
 */
public final class PerSampleGradients {
    private final Module model;
    private final LinkedHashMap<String, Module> selected = new LinkedHashMap<>();
    private Double scale;
    private boolean biases = true;

    private PerSampleGradients(Module model) {
        this.model = model;
        selected.putAll(selectedOf(model.namedModules()));
    }

    /** Per-sample gradients of every Conv2d and Linear of the model, in named-module order. */
    public static PerSampleGradients of(Module model) {
        return new PerSampleGradients(model);
    }

    /** True for the module types with a per-sample rule (Conv2d, Linear). */
    public static boolean supports(Module module) {
        return module instanceof Conv2d || module instanceof Linear;
    }

    /**
     * Restricts the layers to these module paths (as {@link Module#namedModules()} names them).
     * An unknown path, or a module without a per-sample rule, is an IllegalArgumentException
     * naming the path and the module's type.
     */
    public PerSampleGradients modules(String... paths) {
        Map<String, Module> all = model.namedModules();
        LinkedHashMap<String, Module> chosen = new LinkedHashMap<>();
        for (String path : paths) {
            Module m = all.get(path);
            if (m == null) {
                throw new IllegalArgumentException("per-sample gradients: " + model.getClass().getSimpleName()
                        + " has no module '" + path + "'; its Conv2d/Linear modules are " + selectedOf(all).keySet());
            }
            if (!supports(m)) {
                throw new IllegalArgumentException("per-sample gradients are not supported for module '" + path + "' ("
                        + m.getClass().getSimpleName() + "): only Conv2d and Linear weights and biases have a per-sample rule");
            }
            chosen.put(path, m);
        }
        selected.clear();
        selected.putAll(chosen);
        return this;
    }

    /** Multiplies every G_i by this factor (default: the batch size, for batch-mean losses). */
    public PerSampleGradients scale(double factor) {
        this.scale = factor;
        return this;
    }

    /** Whether biases get statistics and batch gradients too (default true). */
    public PerSampleGradients includeBiases(boolean on) {
        this.biases = on;
        return this;
    }

    /** State-dict names of the parameters this will report, in order. */
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        selected.forEach((path, m) -> {
            names.add(dotted(path, "weight"));
            if (biases && m.param("bias") != null) {
                names.add(dotted(path, "bias"));
            }
        });
        return names;
    }

    /** The loss value and the batch gradients (state-dict name to tensor) of the selected parameters. */
    public record Result(Tensor loss, Map<String, Tensor> batchGradients) {
    }

    /**
     * Runs the model on the batch (in its current train/eval mode), applies the loss to its
     * output, and streams every selected parameter's per-sample gradients into stats.
     *
     * @param loss maps the model's output (logits) to a scalar loss, e.g. mean cross-entropy
     */
    public Result run(Tensor input, Function<Tensor, Tensor> loss, GradientStatistics stats) {
        if (input.rank() < 1 || input.dim(0) < 1) {
            throw new IllegalArgumentException("per-sample gradients need a batch [B, ...] with B >= 1, got "
                    + Shapes.str(input.shape()));
        }
        int batch = input.dim(0);
        double factor = scale != null ? scale : batch;
        Map<Module, List<Tensor[]>> calls = new IdentityHashMap<>();
        List<Runnable> removers = new ArrayList<>();
        for (Module m : selected.values()) {
            calls.put(m, new ArrayList<>());
            removers.add(m.addForwardHook((module, in, out) -> calls.get(module).add(new Tensor[] {in, out})));
        }
        Tensor value;
        try {
            value = loss.apply(model.call(input));
        } finally {
            removers.forEach(Runnable::run);
        }
        if (value.size() != 1) {
            throw new IllegalArgumentException("the loss must be a scalar, got shape " + Shapes.str(value.shape()));
        }
        if (!value.requiresGrad()) {
            throw new IllegalStateException("the loss does not depend on any parameter (was the forward run under noGrad?)");
        }

        // one backward walk: dL/d(output) of each layer that ran, then every weight and bias
        List<Tensor> targets = new ArrayList<>();
        Map<String, Integer> outputIndex = new LinkedHashMap<>();
        for (Map.Entry<String, Module> e : selected.entrySet()) {
            List<Tensor[]> c = calls.get(e.getValue());
            if (c.size() > 1) {
                throw new IllegalArgumentException("module '" + e.getKey() + "' (" + e.getValue().getClass().getSimpleName()
                        + ") ran " + c.size() + " times in one forward; per-sample gradients of shared layers are not supported");
            }
            if (c.size() == 1) {
                outputIndex.put(e.getKey(), targets.size());
                targets.add(c.get(0)[1]);
            }
        }
        Map<String, Tensor> params = new LinkedHashMap<>();
        selected.forEach((path, m) -> {
            params.put(dotted(path, "weight"), m.param("weight"));
            if (biases && m.param("bias") != null) {
                params.put(dotted(path, "bias"), m.param("bias"));
            }
        });
        int firstParam = targets.size();
        targets.addAll(params.values());
        List<String> names = new ArrayList<>(params.keySet());
        List<Tensor> grads = new ArrayList<>(Autograd.grad(List.of(value), targets, null, false));

        Map<String, Tensor> batchGradients = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
            batchGradients.put(names.get(k), grads.get(firstParam + k));
        }
        try (GradMode.Scope s = GradMode.noGrad()) {
            for (Map.Entry<String, Module> e : selected.entrySet()) {
                Integer at = outputIndex.get(e.getKey());
                Tensor[] call = at == null ? null : calls.get(e.getValue()).get(0);
                Tensor gy = at == null ? null : grads.set(at, null); // drop it once used
                stream(e.getKey(), e.getValue(), call == null ? null : call[0], gy, batch, factor, stats);
            }
        }
        return new Result(value.detach(), batchGradients);
    }

    /** Streams one layer's G_i (weight, then bias); x and gy are null for a layer that did not run. */
    private void stream(String path, Module m, Tensor x, Tensor gy, int batch, double factor, GradientStatistics stats) {
        String weightName = dotted(path, "weight");
        String biasName = dotted(path, "bias");
        Tensor weight = m.param("weight");
        Tensor bias = biases ? m.param("bias") : null;
        if (x == null) {
            streamZeros(weightName, weight, batch, stats);
            if (bias != null) {
                streamZeros(biasName, bias, batch, stats);
            }
            return;
        }
        int[] ys = gy.shape();
        if (ys[0] != batch) {
            throw new IllegalArgumentException("module '" + path + "' produced " + ys[0] + " samples from a batch of " + batch
                    + "; per-sample gradients need the batch axis kept");
        }
        if (m instanceof Conv2d conv) {
            Geometry.Conv2d g = dev.zerocost.engine.ops.Conv2d.geometry(x.shape(), weight.shape(), conv.stride(), conv.padding());
            int size = (int) weight.size();
            x.backend().conv2dWeightGradPerSample(x.buffer(), gy.buffer(), g,
                    (sample, gradient) -> stats.accept(weightName, gradient, 0, size, factor));
            if (bias != null) {
                streamRows(biasName, gy.sum(false, 2, 3).toDoubleArray(), batch, factor, stats);
            }
        } else {
            int in = x.dim(1);
            int out = gy.dim(1);
            double[] xs = x.toDoubleArray();
            double[] gs = gy.toDoubleArray();
            double[] row = new double[out * in];
            for (int i = 0; i < batch; i++) {
                for (int o = 0; o < out; o++) {
                    double d = gs[i * out + o];
                    int base = o * in;
                    int xi = i * in;
                    for (int k = 0; k < in; k++) {
                        row[base + k] = d * xs[xi + k];
                    }
                }
                stats.accept(weightName, row, 0, row.length, factor);
            }
            if (bias != null) {
                streamRows(biasName, gs, batch, factor, stats);
            }
        }
        stats.setShape(weightName, weight.shape());
        if (bias != null) {
            stats.setShape(biasName, bias.shape());
        }
    }

    private static void streamRows(String name, double[] rows, int batch, double factor, GradientStatistics stats) {
        int width = rows.length / batch;
        for (int i = 0; i < batch; i++) {
            stats.accept(name, rows, i * width, width, factor);
        }
    }

    private static void streamZeros(String name, Tensor param, int batch, GradientStatistics stats) {
        double[] zeros = new double[(int) param.size()];
        for (int i = 0; i < batch; i++) {
            stats.accept(name, zeros);
        }
        stats.setShape(name, param.shape());
    }

    private static Map<String, Module> selectedOf(Map<String, Module> all) {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        all.forEach((p, m) -> {
            if (supports(m)) {
                out.put(p, m);
            }
        });
        return out;
    }

    private static String dotted(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
