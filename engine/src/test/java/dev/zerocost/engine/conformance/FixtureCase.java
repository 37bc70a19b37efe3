package dev.zerocost.engine.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One case of {@code fixtures/ops.json}, the PyTorch golden values written by
 * {@code tools/reference/make_op_fixtures.py}; the format is documented in that script's docstring.
 */
record FixtureCase(String name, String op, String dtype, long seed, List<Input> inputs, JsonNode args,
                   Drawn gout, Summary output, Map<String, Summary> grads, Map<String, Summary> extra,
                   List<String> hvpParams, Map<String, Drawn> hvpV, Map<String, Summary> hvp) {

    /** A float input drawn with the input rule, or int64 labels (intHigh > 0). */
    record Input(String name, int[] shape, double low, double high, boolean requiresGrad, int intHigh, double sum) {
        boolean isLabels() {
            return intHigh > 0;
        }
    }

    /** Shape and exact sum of a tensor drawn after the forward pass (gout, hvp directions). */
    record Drawn(int[] shape, double sum) {
    }

    /**
     * The recorded facts about one result tensor: exact sums, and either every value or 256
     * samples at recorded flat indices.
     */
    record Summary(int[] shape, double sum, double absSum, double sumSq, int[] indices, double[] values, boolean complete) {
        long numel() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /** A scalar output's gout is 1 and is not drawn. */
    boolean scalarOutput() {
        return gout == null;
    }

    boolean secondOrder() {
        return hvp != null;
    }

    Input input(String inputName) {
        for (Input in : inputs) {
            if (in.name().equals(inputName)) {
                return in;
            }
        }
        throw new IllegalArgumentException(name + ": no input named " + inputName);
    }

    /** Reads every case of a fixture file on the class path, e.g. "/fixtures/ops.json". */
    static List<FixtureCase> load(String resource) {
        try (InputStream in = FixtureCase.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the test class path; "
                        + "regenerate it with tools/reference/make_op_fixtures.py");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<FixtureCase> cases = new ArrayList<>();
            for (JsonNode c : root.get("cases")) {
                cases.add(parse(c));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static FixtureCase parse(JsonNode c) {
        List<Input> inputs = new ArrayList<>();
        for (JsonNode i : c.get("inputs")) {
            if (i.has("int_high")) {
                inputs.add(new Input(i.get("name").asText(), ints(i.get("shape")), 0, 0, false,
                        i.get("int_high").intValue(), i.get("sum").doubleValue()));
            } else {
                inputs.add(new Input(i.get("name").asText(), ints(i.get("shape")), i.get("low").doubleValue(),
                        i.get("high").doubleValue(), i.get("requires_grad").booleanValue(), 0, i.get("sum").doubleValue()));
            }
        }
        JsonNode goutNode = c.get("gout");
        Drawn gout = goutNode.isTextual() ? null : new Drawn(ints(goutNode.get("shape")), goutNode.get("sum").doubleValue());
        List<String> hvpParams = null;
        Map<String, Drawn> hvpV = null;
        if (c.has("hvp_params")) {
            hvpParams = new ArrayList<>();
            for (JsonNode p : c.get("hvp_params")) {
                hvpParams.add(p.asText());
            }
            hvpV = new LinkedHashMap<>();
            for (var e : iterable(c.get("hvp_v"))) {
                hvpV.put(e.getKey(), new Drawn(ints(e.getValue().get("shape")), e.getValue().get("sum").doubleValue()));
            }
        }
        return new FixtureCase(c.get("name").asText(), c.get("op").asText(), c.get("dtype").asText(),
                c.get("seed").longValue(), inputs, c.get("args"), gout, summary(c.get("output")),
                summaries(c.get("grads")), summaries(c.get("extra")), hvpParams, hvpV, c.has("hvp") ? summaries(c.get("hvp")) : null);
    }

    private static Map<String, Summary> summaries(JsonNode node) {
        Map<String, Summary> out = new LinkedHashMap<>();
        if (node != null) {
            for (var e : iterable(node)) {
                out.put(e.getKey(), summary(e.getValue()));
            }
        }
        return out;
    }

    private static Summary summary(JsonNode s) {
        int[] shape = ints(s.get("shape"));
        int[] indices;
        double[] values;
        boolean complete = s.has("values");
        if (complete) {
            JsonNode v = s.get("values");
            values = new double[v.size()];
            indices = new int[v.size()];
            for (int i = 0; i < values.length; i++) {
                indices[i] = i;
                values[i] = v.get(i).doubleValue();
            }
        } else {
            JsonNode v = s.get("samples");
            values = new double[v.size()];
            indices = new int[v.size()];
            for (int i = 0; i < values.length; i++) {
                indices[i] = v.get(i).get(0).intValue();
                values[i] = v.get(i).get(1).doubleValue();
            }
        }
        return new Summary(shape, s.get("sum").doubleValue(), s.get("abs_sum").doubleValue(),
                s.get("sum_sq").doubleValue(), indices, values, complete);
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        return object::fields;
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).intValue();
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
