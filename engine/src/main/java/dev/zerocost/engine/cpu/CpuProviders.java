package dev.zerocost.engine.cpu;

import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.BackendProvider;
import java.util.Optional;

/** Service providers for the two CPU backends. */
public final class CpuProviders {
    private CpuProviders() {
    }

    /** The multi-threaded CPU backend: available unless its Winograd properties are malformed. */
    public static final class Fast implements BackendProvider {
        @Override
        public String name() {
            return "cpu";
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public Optional<String> unavailableReason() {
            return WinogradSetting.propertyError().map(e -> e + " (fix or drop the -D option)");
        }

        @Override
        public Backend create() {
            return new CpuBackend();
        }
    }

    /** The scalar reference backend: never chosen by "auto". */
    public static final class Reference implements BackendProvider {
        @Override
        public String name() {
            return "cpu-reference";
        }

        @Override
        public int priority() {
            return -1;
        }

        @Override
        public boolean autoSelectable() {
            return false;
        }

        @Override
        public Optional<String> unavailableReason() {
            return Optional.empty();
        }

        @Override
        public Backend create() {
            return new CpuReferenceBackend();
        }
    }
}
