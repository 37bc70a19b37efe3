package dev.zerocost.nasbench.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerocost.engine.DType;
import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.io.NdArray;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.nasbench.data.Batches;
import dev.zerocost.nasbench.data.CifarBinary;
import dev.zerocost.nasbench.data.ImageBatch;
import dev.zerocost.nasbench.data.Normalization;
import dev.zerocost.nasbench.space.Arch;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Not a test: a diagnostic (docs/PERFORMANCE.md) that runs one NB-201 case of
 * {@code fixtures/cifar_batch.json} in float32 and float64 with the same weights and prints, cell by
 * cell, the relative error of activations and of activation gradients, and every activation whose
 * sign (so its ReLU mask) differs between the two precisions. Argument: the case name.
 */
public final class CifarLayerProbe {
    public static void main(String[] args) throws Exception {
        JsonNode root;
        try (InputStream in = CifarLayerProbe.class.getResourceAsStream("/fixtures/cifar_batch.json")) {
            root = new ObjectMapper().readTree(in);
        }
        for (JsonNode rec : root.get("cases")) {
            if (!rec.get("name").asText().equals(args[0])) {
                continue;
            }
            int b = rec.get("batch").asInt();
            Path file = Path.of(System.getProperty("zerocost.shared", "../shared"), "data", "images", rec.get("file").asText());
            ImageBatch batch = Normalization.valueOf(rec.get("normalization").asText())
                    .apply(Batches.sequential(CifarBinary.read(file, CifarBinary.Layout.ONE_LABEL, 10), b, 0));
            Map<String, Tensor>[] acts = new Map[2];
            Map<String, Tensor>[] grads = new Map[2];
            int k = 0;
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Nb201Network net = (Nb201Network) Networks.build(rec.get("kind").asText(), Arch.parse(rec.get("arch").asText()),
                        rec.get("C").asInt(), rec.get("N").asInt(), rec.get("classes").asInt(), true, rec.get("seed").asLong());
                net.to(dt);
                net.train(true);
                Tensor x = Tensor.of(new NdArray(DType.FLOAT32, batch.shape(), batch.images())).to(dt);
                Map<String, Tensor> a = new LinkedHashMap<>();
                Tensor y = net.child("stem").call(x);
                a.put("stem", y);
                for (int i = 0; i < net.cells().size(); i++) {
                    Module cell = net.cells().get(i);
                    if (cell instanceof ReductionBlock rb) {
                        Module ca = rb.namedModules().get("conv_a.op");
                        Tensor r = ca.child("0").call(y);
                        a.put("cells." + i + ".conv_a.relu", r);
                        Tensor cv = ca.child("1").call(r);
                        a.put("cells." + i + ".conv_a.conv", cv);
                        Tensor ta = ca.child("2").call(cv);
                        a.put("cells." + i + ".conv_a", ta);
                        Tensor tb = rb.namedModules().get("conv_b").call(ta);
                        a.put("cells." + i + ".conv_b", tb);
                        Module ds = rb.namedModules().get("downsample");
                        Tensor pooled = ds.child("0").call(y);
                        a.put("cells." + i + ".downsample.pool", pooled);
                        Tensor sc = ds.child("1").call(pooled);
                        a.put("cells." + i + ".downsample", sc);
                        y = sc.add(tb);
                    } else {
                        y = cell.call(y);
                    }
                    a.put("cells." + i, y);
                }
                Tensor loss = Functional.crossEntropy(net.logits(net.child("lastact").call(y)), Tensor.ofLongs(batch.labels(), b));
                List<Tensor> g = Autograd.grad(loss, new ArrayList<>(a.values()), false);
                Map<String, Tensor> gm = new LinkedHashMap<>();
                int j = 0;
                for (String n : a.keySet()) {
                    gm.put(n, g.get(j++));
                }
                acts[k] = a;
                grads[k++] = gm;
            }
            for (String n : acts[0].keySet()) {
                double[] a32 = acts[0].get(n).to(DType.FLOAT64).toDoubleArray();
                double[] a64 = acts[1].get(n).toDoubleArray();
                int flips = 0;
                int zeros = 0;
                for (int q = 0; q < a32.length; q++) {
                    if ((a32[q] > 0) != (a64[q] > 0) && a64[q] != 0) {
                        flips++;
                        double gq = grads[1].get(n).toDoubleArray()[q];
                        System.out.printf("  flip at %d: f32 %.9e f64 %.9e, f64 grad there %.3e%n", q, a32[q], a64[q], gq);
                    }
                    zeros += a64[q] == 0 ? 1 : 0;
                }
                System.out.printf("%-28s sign flips %d, exact zeros in f64 %d of %d%n", n, flips, zeros, a32.length);
                System.out.printf("%-28s act err %.2e   grad err %.2e  (grad norm %.3e)%n", n,
                        err(acts[0].get(n), acts[1].get(n)), err(grads[0].get(n), grads[1].get(n)), norm(grads[1].get(n)));
            }
        }
    }

    static double norm(Tensor t) {
        Tensor d = t.to(DType.FLOAT64);
        return Math.sqrt(d.mul(d).sum().item());
    }

    static double err(Tensor a, Tensor truth) {
        return norm(a.to(DType.FLOAT64).sub(truth)) / norm(truth);
    }
}
