package dev.zerocost.kernels.cuda;

import dev.zerocost.engine.backend.Backend;
import dev.zerocost.kernels.BackendAgreementSuite;

/** {@link BackendAgreementSuite}: every primitive on CUDA against the CPU reference. */
class CudaAgreementTest extends BackendAgreementSuite {
    @Override
    protected Backend backendOrSkip() {
        return CudaTesting.backendOrSkip("CudaAgreementTest");
    }
}
