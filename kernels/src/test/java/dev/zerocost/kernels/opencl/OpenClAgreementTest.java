package dev.zerocost.kernels.opencl;

import dev.zerocost.engine.backend.Backend;
import dev.zerocost.kernels.BackendAgreementSuite;

/** {@link BackendAgreementSuite}: every primitive on OpenCL against the CPU reference. */
class OpenClAgreementTest extends BackendAgreementSuite {
    @Override
    protected Backend backendOrSkip() {
        return OpenClTesting.backendOrSkip("OpenClAgreementTest");
    }
}
