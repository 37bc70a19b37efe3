package dev.zerocost.engine.persample;

import dev.zerocost.engine.Shapes;
import dev.zerocost.engine.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Per-element statistics of many gradients of named parameters (for example
 * "cells.0.conv.weight"): the count, mean, mean absolute value and population standard
 * deviation of every element. One accumulator serves both ZiCo definitions: the B per-sample
 * gradients of one batch ({@link PerSampleGradients} streams them in) and the N batch
 * gradients of the official code ({@link #accept(String, Tensor)}).
 *
 * <p>{@link #streaming()} keeps four float32 numbers per parameter element and never the
 * gradients themselves (see {@link #bytesPerParameter()}); {@link #materialising()} keeps every
 * gradient in float64, for tests and small cases. Not thread-safe.
 */
public final class GradientStatistics {
    private final boolean materialise;
    private final Map<String, LayerStatistics> layers = new LinkedHashMap<>();
    private final Map<String, int[]> shapes = new LinkedHashMap<>();

    private GradientStatistics(boolean materialise) {
        this.materialise = materialise;
    }

    /** O(params) memory: four float32 sums per element (shift, sum, sum of squares, sum of |G|). */
    public static GradientStatistics streaming() {
        return new GradientStatistics(false);
    }

    /** Keeps a float64 copy of every gradient received (memory grows with the count). */
    public static GradientStatistics materialising() {
        return new GradientStatistics(true);
    }

    /** True for the mode that keeps every gradient. */
    public boolean isMaterialising() {
        return materialise;
    }

    // ---- input --------------------------------------------------------------------------------

    /** Adds one gradient of the named parameter; the first one fixes the parameter's size. */
    public void accept(String name, double[] gradient) {
        accept(name, gradient, 0, gradient.length, 1.0);
    }

    /**
     * Adds scale * gradient[offset, offset + length) as one gradient of the named parameter. The
     * array is read, never kept, so a caller may reuse it (as the backends' per-sample sinks do).
     */
    public void accept(String name, double[] gradient, int offset, int length, double scale) {
        if (offset < 0 || length < 0 || offset + length > gradient.length) {
            throw new IllegalArgumentException("gradient of '" + name + "': elements [" + offset + ", "
                    + (offset + length) + ") lie outside an array of " + gradient.length);
        }
        LayerStatistics layer = layers.get(name);
        if (layer == null) {
            layer = materialise ? new MaterialisedLayer(length) : new StreamingLayer(length);
            layers.put(name, layer);
            shapes.put(name, new int[] {length});
        } else if (layer.size() != length) {
            throw new IllegalArgumentException("gradient of '" + name + "' has " + length
                    + " elements but earlier ones had " + layer.size());
        }
        layer.accept(gradient, offset, scale);
    }

    /** Adds a whole-batch gradient (official ZiCo: one per batch); downloads it to the host. */
    public void accept(String name, Tensor gradient) {
        double[] g = gradient.toDoubleArray();
        accept(name, g);
        shapes.put(name, gradient.shape());
    }

    /** Declares the shape the named parameter's statistics describe (for callers that pass raw arrays). */
    public void setShape(String name, int[] shape) {
        LayerStatistics layer = layer(name);
        if (Shapes.size(shape) != layer.size()) {
            throw new IllegalArgumentException("shape " + Shapes.str(shape) + " of '" + name + "' does not hold "
                    + layer.size() + " elements");
        }
        shapes.put(name, shape.clone());
    }

    // ---- statistics -----------------------------------------------------------------------------

    /** Parameter names in the order their first gradient arrived. */
    public List<String> names() {
        return new ArrayList<>(layers.keySet());
    }

    public boolean contains(String name) {
        return layers.containsKey(name);
    }

    /** The parameter's shape ([size] until a tensor or {@link #setShape} told otherwise). */
    public int[] shape(String name) {
        layer(name);
        return shapes.get(name).clone();
    }

    /** Number of gradients received for the parameter. */
    public long count(String name) {
        return layer(name).count();
    }

    /** Per-element mean of the gradients. */
    public double[] mean(String name) {
        return layer(name).mean();
    }

    /** Per-element mean of |gradient|. */
    public double[] meanAbs(String name) {
        return layer(name).meanAbs();
    }

    /** Per-element population standard deviation (numpy's default ddof = 0). */
    public double[] std(String name) {
        return layer(name).std();
    }

    /** The gradients received, in order; only in the materialising mode. */
    public List<double[]> gradients(String name) {
        LayerStatistics layer = layer(name);
        if (!(layer instanceof MaterialisedLayer m)) {
            throw new IllegalStateException("gradients of '" + name + "' were not kept: use GradientStatistics.materialising()");
        }
        List<double[]> out = new ArrayList<>();
        for (double[] g : m.gradients()) {
            out.add(g.clone());
        }
        return out;
    }

    /**
     * ZiCo's term for one layer, as the official {@code caculate_zico} computes it: over the
     * elements whose standard deviation is non-zero, s = sum of meanAbs / std; the term is ln(s),
     * and empty (the layer is skipped) when s == 0. A NaN standard deviation counts as non-zero,
     * as numpy's {@code nonzero} does, so NaN gradients give a NaN term rather than vanishing.
     */
    public OptionalDouble zicoLayerTerm(String name) {
        LayerStatistics layer = layer(name);
        double[] meanAbs = layer.meanAbs();
        double[] std = layer.std();
        double s = 0;
        for (int j = 0; j < std.length; j++) {
            if (std[j] != 0.0) {
                s += meanAbs[j] / std[j];
            }
        }
        return s == 0.0 ? OptionalDouble.empty() : OptionalDouble.of(Math.log(s));
    }

    /** Sum of {@link #zicoLayerTerm} over the given parameters, skipped layers adding nothing. */
    public double zico(Iterable<String> names) {
        double total = 0;
        for (String name : names) {
            OptionalDouble t = zicoLayerTerm(name);
            if (t.isPresent()) {
                total += t.getAsDouble();
            }
        }
        return total;
    }

    // ---- memory ---------------------------------------------------------------------------------

    /** Total number of parameter elements tracked. */
    public long parameters() {
        long n = 0;
        for (LayerStatistics layer : layers.values()) {
            n += layer.size();
        }
        return n;
    }

    /** Bytes held by the statistics (not counting map and object overhead). */
    public long bytes() {
        long n = 0;
        for (LayerStatistics layer : layers.values()) {
            n += layer.bytes();
        }
        return n;
    }

    /**
     * Bytes held per tracked parameter element: exactly 16 (four float32) when streaming,
     * 8 x count when materialising; 0 before any gradient arrived.
     */
    public double bytesPerParameter() {
        long p = parameters();
        return p == 0 ? 0 : (double) bytes() / p;
    }

    private LayerStatistics layer(String name) {
        LayerStatistics layer = layers.get(name);
        if (layer == null) {
            throw new IllegalArgumentException("no gradients were received for '" + name + "'; known: " + layers.keySet());
        }
        return layer;
    }
}
