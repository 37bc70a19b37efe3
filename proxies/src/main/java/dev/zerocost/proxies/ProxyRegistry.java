package dev.zerocost.proxies;

import dev.zerocost.proxies.measures.EpeNas;
import dev.zerocost.proxies.measures.Fisher;
import dev.zerocost.proxies.measures.Flops;
import dev.zerocost.proxies.measures.GradNorm;
import dev.zerocost.proxies.measures.Grasp;
import dev.zerocost.proxies.measures.JacobCov;
import dev.zerocost.proxies.measures.L2Norm;
import dev.zerocost.proxies.measures.Ntk;
import dev.zerocost.proxies.measures.Nwot;
import dev.zerocost.proxies.measures.Params;
import dev.zerocost.proxies.measures.Plain;
import dev.zerocost.proxies.measures.Snip;
import dev.zerocost.proxies.measures.Synflow;
import dev.zerocost.proxies.measures.Zen;
import dev.zerocost.proxies.measures.Zico;
import dev.zerocost.proxies.measures.ZicoPerSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every proxy by name, with its description and sign convention. */
public final class ProxyRegistry {
    private static final Map<String, Proxy> PROXIES = new LinkedHashMap<>();

    static {
        for (Proxy p : List.of(new GradNorm(), new Snip(), new Grasp(), new Fisher(), new JacobCov(), new Plain(),
                new Synflow(false), new Synflow(true), new Nwot(), new L2Norm(), new Params(), new Flops())) {
            PROXIES.put(p.name(), p);
        }
        for (Proxy p : List.of(new Zico(), new ZicoPerSample(), new EpeNas(), new Ntk(), new Zen())) {
            PROXIES.put(p.name(), p);
        }
    }

    private ProxyRegistry() {
    }

    public static Collection<Proxy> all() {
        return PROXIES.values();
    }

    public static Proxy get(String name) {
        Proxy p = PROXIES.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown proxy '" + name + "'; known: " + String.join(", ", PROXIES.keySet()));
        }
        return p;
    }

    /** Parses "a,b,c" or "all". */
    public static List<Proxy> parse(String spec) {
        if (spec.trim().equals("all")) {
            return new ArrayList<>(PROXIES.values());
        }
        List<Proxy> out = new ArrayList<>();
        for (String s : Arrays.asList(spec.split(","))) {
            if (!s.isBlank()) {
                out.add(get(s.trim()));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no proxy named in '" + spec + "'; known: " + String.join(", ", PROXIES.keySet()));
        }
        return out;
    }
}
