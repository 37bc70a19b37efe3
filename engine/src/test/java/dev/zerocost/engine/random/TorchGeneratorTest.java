package dev.zerocost.engine.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Compares TorchGenerator with fixtures/rng.json, written by tools/reference/make_rng_fixture.py. */
class TorchGeneratorTest {

    static Stream<JsonNode> seeds() throws IOException {
        try (InputStream in = TorchGeneratorTest.class.getResourceAsStream("/fixtures/rng.json")) {
            assertNotNull(in, "fixtures/rng.json is missing; run tools/reference/make_rng_fixture.py");
            JsonNode root = new ObjectMapper().readTree(in);
            return Stream.of(root.get("seeds")).flatMap(s -> {
                JsonNode[] nodes = new JsonNode[s.size()];
                for (int i = 0; i < s.size(); i++) {
                    nodes[i] = s.get(i);
                }
                return Stream.of(nodes);
            });
        }
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).intValue();
        }
        return out;
    }

    private static int[] bits(float[] values, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }

    private static int numel(JsonNode shape) {
        int n = 1;
        for (JsonNode d : shape) {
            n *= d.intValue();
        }
        return n;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void torchRandMatchesPytorchBitForBit(JsonNode seed) {
        JsonNode rand = seed.get("rand");
        float[] values = new float[numel(rand.get("shape"))];
        TorchGenerator.manualSeed(seed.get("seed").longValue()).rand(values);
        assertArrayEquals(ints(rand.get("bits")), bits(values, values.length));
        for (int i = 0; i < values.length; i++) {
            assertEquals(Float.parseFloat(rand.get("values").get(i).asText()), values[i]);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void conv2dDefaultInitMatchesPytorchBitForBit(JsonNode seed) {
        checkModuleInit(seed.get("seed").longValue(), seed.get("conv2d"));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void linearDefaultInitMatchesPytorchBitForBit(JsonNode seed) {
        checkModuleInit(seed.get("seed").longValue(), seed.get("linear"));
    }

    private static void checkModuleInit(long seedValue, JsonNode record) {
        int fanIn = record.get("fan_in").intValue();
        assertEquals(record.get("weight_bound").doubleValue(), TorchGenerator.kaimingUniformBound(fanIn));
        assertEquals(record.get("bias_bound").doubleValue(), TorchGenerator.biasUniformBound(fanIn));

        TorchGenerator generator = TorchGenerator.manualSeed(seedValue);
        float[] weight = new float[numel(record.get("weight_shape"))];
        float[] bias = new float[record.get("bias_bits").size()];
        generator.fillKaimingUniform(weight, fanIn);
        generator.fillBiasUniform(bias, fanIn);

        JsonNode firstBits = record.get("weight_first_bits");
        assertArrayEquals(ints(firstBits), bits(weight, firstBits.size()));
        assertArrayEquals(ints(record.get("bias_bits")), bits(bias, bias.length));
        // math.fsum: the exact sum rounded once; float32 values widen to BigDecimal exactly.
        BigDecimal exact = BigDecimal.ZERO;
        for (float w : weight) {
            exact = exact.add(new BigDecimal(w));
        }
        double sum = exact.doubleValue();
        assertEquals(record.get("weight_sum").doubleValue(), sum);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void opFixtureInputRuleMatchesPytorchBitForBit(JsonNode seed) {
        JsonNode record = seed.get("rand_in_range");
        float[] values = new float[numel(record.get("shape"))];
        TorchGenerator.manualSeed(seed.get("seed").longValue())
                .randInRange(values, record.get("low").doubleValue(), record.get("high").doubleValue());
        assertArrayEquals(ints(record.get("bits")), bits(values, values.length));

        double[] widened = new double[values.length];
        TorchGenerator.manualSeed(seed.get("seed").longValue())
                .randInRange(widened, record.get("low").doubleValue(), record.get("high").doubleValue());
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], widened[i]);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void opFixtureLabelRuleMatchesPytorch(JsonNode seed) {
        JsonNode record = seed.get("rand_int_below");
        long[] labels = new long[numel(record.get("shape"))];
        TorchGenerator.manualSeed(seed.get("seed").longValue()).randIntBelow(labels, record.get("int_high").intValue());
        for (int i = 0; i < labels.length; i++) {
            assertEquals(record.get("values").get(i).longValue(), labels[i], "label " + i);
        }
    }

    @Test
    void doubleFillsAreTheFloatDrawsWidened() {
        float[] f = new float[50];
        double[] d = new double[50];
        TorchGenerator.manualSeed(7).fillKaimingUniform(f, 27);
        TorchGenerator.manualSeed(7).fillKaimingUniform(d, 27);
        for (int i = 0; i < f.length; i++) {
            assertEquals(f[i], d[i]);
        }
        TorchGenerator.manualSeed(7).fillBiasUniform(f, 27);
        TorchGenerator.manualSeed(7).fillBiasUniform(d, 27);
        for (int i = 0; i < f.length; i++) {
            assertEquals(f[i], d[i]);
        }
    }

    @Test
    void gaussianSamplesHaveUnitMomentsAndAreReproducible() {
        TorchGenerator generator = TorchGenerator.manualSeed(3);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double g = generator.nextGaussian();
            sum += g;
            sumSq += g * g;
        }
        double mean = sum / n;
        double variance = sumSq / n - mean * mean;
        assertTrue(Math.abs(mean) < 0.01, "mean " + mean);
        assertTrue(Math.abs(variance - 1) < 0.02, "variance " + variance);
        assertEquals(TorchGenerator.manualSeed(3).nextGaussian(), TorchGenerator.manualSeed(3).nextGaussian());
    }

    @Test
    void nonPositiveFanInIsRejectedWithAMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TorchGenerator.manualSeed(0).fillKaimingUniform(new float[0], 0));
        assertTrue(e.getMessage().contains("fan_in"), e.getMessage());
    }
}
