package dev.zerocost.proxies.measures;

import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.Proxy;
import dev.zerocost.proxies.ProxyResult;
import dev.zerocost.proxies.ScoredNetwork;
import java.util.List;
import java.util.Map;

/** flops: conv and linear multiply-accumulates per image, in millions (NB-201 API convention). */
public final class Flops implements Proxy {
    @Override
    public String name() {
        return "flops";
    }

    @Override
    public String description() {
        return "conv + linear FLOPs per image in millions, as the NB-201 API counts them";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public int batchesNeeded() {
        return 0;
    }

    @Override
    public ProxyResult compute(ScoredNetwork net, List<Batch> batches) {
        return ProxyResult.of(net.flops() / 1e6, Map.of());
    }
}
