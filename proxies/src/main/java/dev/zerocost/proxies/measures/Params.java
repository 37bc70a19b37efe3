package dev.zerocost.proxies.measures;

import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.Proxy;
import dev.zerocost.proxies.ProxyResult;
import dev.zerocost.proxies.ScoredNetwork;
import java.util.List;
import java.util.Map;

/** params: parameters of the modules that run (NB-201 API convention), in millions. */
public final class Params implements Proxy {
    @Override
    public String name() {
        return "params";
    }

    @Override
    public String description() {
        return "number of parameters of the modules that run, in millions (NB-201 API)";
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
        return ProxyResult.of(net.parameterCount() / 1e6, Map.of());
    }
}
