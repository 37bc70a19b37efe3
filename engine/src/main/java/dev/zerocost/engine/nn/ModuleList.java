package dev.zerocost.engine.nn;

import dev.zerocost.engine.Tensor;

/** A numbered list of submodules ("0", "1", ...) with no forward of its own. */
public final class ModuleList extends Module {
    private int count;

    public ModuleList add(Module m) {
        registerModule(Integer.toString(count++), m);
        return this;
    }

    public int size() {
        return count;
    }

    public Module get(int i) {
        return child(Integer.toString(i));
    }

    @Override
    protected Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("ModuleList has no forward; call its elements");
    }
}
