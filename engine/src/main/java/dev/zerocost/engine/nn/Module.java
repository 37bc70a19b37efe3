package dev.zerocost.engine.nn;

import dev.zerocost.engine.Shapes;
import dev.zerocost.engine.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network component with named parameters, buffers and submodules kept in registration order,
 * so {@link #namedModules()}, {@link #namedParameters()} and {@link #stateDict()} list things in
 * the same order and under the same keys as PyTorch. Forward hooks observe each call's input
 * and output (NASWOT reads ReLU inputs; fisher reads conv outputs and asks the walker for their
 * gradients).
 *
 * <p>Subclasses hold children only through {@link #registerModule}; a subclass that also keeps
 * typed fields for its children re-reads them in {@link #afterCopy()}.
 */
public abstract class Module implements Cloneable {
    private LinkedHashMap<String, Tensor> parameters = new LinkedHashMap<>();
    private LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private List<ForwardHook> hooks = new ArrayList<>();
    private boolean training = true;

    /** The computation; callers use {@link #call} so hooks run. */
    protected abstract Tensor forward(Tensor x);

    /** Runs forward and then every forward hook. */
    public final Tensor call(Tensor x) {
        Tensor y = forward(x);
        runForwardHooks(x, y);
        return y;
    }

    /**
     * Runs every forward hook on a call of this module whose output a container computed itself
     * (for example one ReLU of a node shared by several ops that each hold a ReLU module): the
     * hooks see the input and an output with the values {@link #call} would give.
     */
    public final void runForwardHooks(Tensor input, Tensor output) {
        for (ForwardHook hook : hooks) {
            hook.after(this, input, output);
        }
    }

    // ---- registration ---------------------------------------------------------------------------

    /** Registers a trainable tensor (marked requiresGrad); null registers an absent one (e.g. no bias). */
    protected final Tensor registerParameter(String name, Tensor value) {
        checkName(name);
        parameters.put(name, value == null ? null : value.requiresGrad(true));
        return value;
    }

    protected final Tensor registerBuffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, value);
        return value;
    }

    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        if (module == null) {
            throw new IllegalArgumentException("submodule '" + name + "' is null; register only modules that exist");
        }
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("module member names must be non-empty and contain no '.': '" + name + "'");
        }
    }

    // ---- access -------------------------------------------------------------------------------

    /** The parameter of that name on this module (not recursive), or null if registered as absent. */
    public final Tensor param(String name) {
        if (!parameters.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no parameter '" + name + "'");
        }
        return parameters.get(name);
    }

    public final Tensor buffer(String name) {
        if (!buffers.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no buffer '" + name + "'");
        }
        return buffers.get(name);
    }

    /** Replaces a parameter's value (shape must match); the new value becomes a leaf requiring grad. */
    public final void setParameter(String name, Tensor value) {
        Tensor old = param(name);
        checkShape(name, old, value);
        parameters.put(name, value.detach().requiresGrad(true));
    }

    public final void setBuffer(String name, Tensor value) {
        Tensor old = buffer(name);
        checkShape(name, old, value);
        buffers.put(name, value);
    }

    private void checkShape(String name, Tensor old, Tensor value) {
        if (old != null && !Arrays.equals(old.shape(), value.shape())) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "." + name + " has shape "
                    + Shapes.str(old.shape()) + ", cannot set a value of shape " + Shapes.str(value.shape()));
        }
    }

    public final Module child(String name) {
        Module m = children.get(name);
        if (m == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no submodule '" + name + "'");
        }
        return m;
    }

    public final Map<String, Module> children() {
        return java.util.Collections.unmodifiableMap(children);
    }

    /** This module ("") and all descendants in pre-order, with dotted names. */
    public final LinkedHashMap<String, Module> namedModules() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        collectModules("", this, out);
        return out;
    }

    private static void collectModules(String prefix, Module m, Map<String, Module> out) {
        out.put(prefix, m);
        for (Map.Entry<String, Module> e : m.children.entrySet()) {
            collectModules(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
        }
    }

    /** Every present parameter under its dotted name, in PyTorch's order. */
    public final LinkedHashMap<String, Tensor> namedParameters() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        namedModules().forEach((prefix, m) -> m.parameters.forEach((n, t) -> {
            if (t != null) {
                out.put(dotted(prefix, n), t);
            }
        }));
        return out;
    }

    public final LinkedHashMap<String, Tensor> namedBuffers() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        namedModules().forEach((prefix, m) -> m.buffers.forEach((n, t) -> {
            if (t != null) {
                out.put(dotted(prefix, n), t);
            }
        }));
        return out;
    }

    /** Parameters and buffers by PyTorch state_dict key, in state_dict order. */
    public final LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        stateDictInto("", out);
        return out;
    }

    private void stateDictInto(String prefix, Map<String, Tensor> out) {
        parameters.forEach((n, t) -> {
            if (t != null) {
                out.put(dotted(prefix, n), t);
            }
        });
        buffers.forEach((n, t) -> {
            if (t != null) {
                out.put(dotted(prefix, n), t);
            }
        });
        children.forEach((n, m) -> m.stateDictInto(dotted(prefix, n), out));
    }

    /**
     * Loads values by state_dict key (copying them, converting dtype to the existing one). Strict:
     * missing or unexpected keys and shape mismatches are one error that lists them all.
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        List<String> problems = new ArrayList<>();
        Map<String, Tensor> own = stateDict();
        for (String key : own.keySet()) {
            if (!state.containsKey(key)) {
                problems.add("missing key '" + key + "'");
            }
        }
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            Tensor mine = own.get(e.getKey());
            if (mine == null) {
                problems.add("unexpected key '" + e.getKey() + "'");
            } else if (!Arrays.equals(mine.shape(), e.getValue().shape())) {
                problems.add("'" + e.getKey() + "' has shape " + Shapes.str(e.getValue().shape())
                        + " but the module expects " + Shapes.str(mine.shape()));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("state dict does not fit " + getClass().getSimpleName() + ": "
                    + String.join("; ", problems));
        }
        namedModules().forEach((prefix, m) -> {
            for (String n : new ArrayList<>(m.parameters.keySet())) {
                if (m.parameters.get(n) != null) {
                    m.setParameter(n, state.get(dotted(prefix, n)).to(m.parameters.get(n).dtype()).copy());
                }
            }
            for (String n : new ArrayList<>(m.buffers.keySet())) {
                if (m.buffers.get(n) != null) {
                    m.buffers.put(n, state.get(dotted(prefix, n)).to(m.buffers.get(n).dtype()).copy());
                }
            }
        });
    }

    private static String dotted(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    // ---- modes, hooks, copies ---------------------------------------------------------------

    public final boolean isTraining() {
        return training;
    }

    /** Sets train (true) or eval (false) mode on this module and all descendants. */
    public final Module train(boolean on) {
        for (Module m : namedModules().values()) {
            m.training = on;
        }
        return this;
    }

    public final Module eval() {
        return train(false);
    }

    /** Adds a hook that sees every call's input and output; returns a handle that removes it. */
    public final Runnable addForwardHook(ForwardHook hook) {
        hooks.add(hook);
        return () -> hooks.remove(hook);
    }

    /** A deep copy: new buffers for every parameter and buffer, no hooks. */
    public Module copy() {
        Module m;
        try {
            m = (Module) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
        m.parameters = new LinkedHashMap<>();
        parameters.forEach((n, t) -> m.parameters.put(n, t == null ? null : t.copy().requiresGrad(true)));
        m.buffers = new LinkedHashMap<>();
        buffers.forEach((n, t) -> m.buffers.put(n, t == null ? null : t.copy()));
        m.children = new LinkedHashMap<>();
        children.forEach((n, c) -> m.children.put(n, c.copy()));
        m.hooks = new ArrayList<>();
        m.afterCopy();
        return m;
    }

    /** Called on the new module after {@link #copy()}: re-read typed child fields here. */
    protected void afterCopy() {
    }

    /** Converts every float parameter and buffer to the dtype (float64 for synflow). */
    public final Module to(dev.zerocost.engine.DType dtype) {
        for (Module m : namedModules().values()) {
            m.parameters.replaceAll((n, t) -> t == null || !t.dtype().isFloating() ? t
                    : t.detach().to(dtype).detach().requiresGrad(true));
            m.buffers.replaceAll((n, t) -> t == null || !t.dtype().isFloating() ? t : t.to(dtype).detach());
        }
        return this;
    }
}
