package dev.zerocost.engine.nn;

import dev.zerocost.engine.Tensor;

/** Runs its children in order; children are named "0", "1", ... as in PyTorch. */
public final class Sequential extends Module {
    private int count;

    public Sequential(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    public Sequential add(Module m) {
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
        Tensor y = x;
        for (Module m : children().values()) {
            y = m.call(y);
        }
        return y;
    }
}
