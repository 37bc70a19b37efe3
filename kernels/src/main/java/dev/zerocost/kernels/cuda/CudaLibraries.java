package dev.zerocost.kernels.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why the JavaCPP CUDA bindings could not be loaded, in words a user can act on. The JNI glue of
 * {@code org.bytedeco:cuda} links against the system's libcuda.so.1 (NVIDIA driver),
 * libcudart.so.13 and libnvrtc.so.13 (CUDA 13); loading it fails with an UnsatisfiedLinkError,
 * NoClassDefFoundError or ExceptionInInitializerError whose cause chain names the missing piece.
 */
public final class CudaLibraries {
    /** The NVIDIA driver's CUDA library. */
    public static final String DRIVER = "libcuda.so.1";
    private static final Pattern MISSING = Pattern.compile("(lib[\\w.+-]+\\.so[\\w.]*): cannot open shared object file");

    private CudaLibraries() {
    }

    /** A sentence saying why loading failed, from the messages of t, its causes and suppressed throwables. */
    public static String loadFailureReason(Throwable t) {
        List<String> messages = messages(t);
        for (String m : messages) {
            Matcher missing = MISSING.matcher(m);
            if (missing.find()) {
                return missingLibrary(missing.group(1));
            }
        }
        for (String m : messages) {
            if (m.contains("undefined symbol")) {
                return "the CUDA libraries on this system are older than the bindings (built for CUDA "
                        + "13.3) need: " + m + "; update the NVIDIA driver and CUDA 13";
            }
            if (m.contains("no jnijavacpp") || m.contains("jnijavacpp")) {
                return "the JavaCPP natives for this platform are missing (only linux-x86_64 is bundled): " + m;
            }
        }
        // a second attempt after a failed class initialisation ("Could not initialize class ...")
        // or a bare "no jnicudart in java.library.path" no longer carries the first failure's cause
        boolean initialisationFailed = messages.stream()
                .anyMatch(m -> m.contains("Could not initialize class") || m.contains("in java.library.path"));
        if (initialisationFailed && findDriver().isEmpty()) {
            return missingLibrary(DRIVER);
        }
        for (String m : messages) {
            if (m.contains("org/bytedeco") || m.contains("org.bytedeco")) {
                return "the JavaCPP CUDA bindings (org.bytedeco:cuda) could not be loaded: " + m;
            }
        }
        return "the CUDA bindings could not be loaded: " + (messages.isEmpty() ? t.toString() : messages.get(0));
    }

    private static String missingLibrary(String library) {
        if (library.startsWith("libcuda.so")) {
            return "CUDA driver library " + library + " not found (no NVIDIA driver installed)";
        }
        if (library.startsWith("libcudart.so")) {
            return "CUDA runtime " + library + " not found; install CUDA 13 (or its runtime) and put its lib64 "
                    + "folder on LD_LIBRARY_PATH";
        }
        if (library.startsWith("libnvrtc.so")) {
            return "NVRTC " + library + " not found (needed to compile the kernels at run time); install CUDA 13's "
                    + "NVRTC and put its lib64 folder on LD_LIBRARY_PATH";
        }
        return "shared library " + library + " needed by the CUDA bindings was not found";
    }

    private static List<String> messages(Throwable t) {
        List<String> out = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        List<Throwable> queue = new ArrayList<>(List.of(t));
        while (!queue.isEmpty()) {
            Throwable x = queue.remove(0);
            if (x == null || seen.put(x, true) != null) {
                continue;
            }
            out.add(x.getClass().getSimpleName() + ": " + x.getMessage());
            queue.add(x.getCause());
            queue.addAll(List.of(x.getSuppressed()));
        }
        return out;
    }

    /**
     * Where the driver library is, looking in LD_LIBRARY_PATH, the usual driver folders and
     * {@code ldconfig -p}; empty when this machine has no NVIDIA driver.
     */
    public static Optional<Path> findDriver() {
        List<Path> folders = new ArrayList<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String dir : ld.split(":")) {
                if (!dir.isBlank()) {
                    folders.add(Path.of(dir));
                }
            }
        }
        for (String dir : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu",
                "/usr/local/nvidia/lib64", "/usr/lib/wsl/lib")) {
            folders.add(Path.of(dir));
        }
        for (Path folder : folders) {
            Path candidate = folder.resolve(DRIVER);
            if (Files.exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return fromLdconfig();
    }

    private static Optional<Path> fromLdconfig() {
        for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig")) {
            try {
                Process p = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    continue;
                }
                for (String line : text.split("\n")) {
                    if (line.trim().startsWith(DRIVER + " ") && line.contains("=>")) {
                        return Optional.of(Path.of(line.substring(line.indexOf("=>") + 2).trim()));
                    }
                }
                return Optional.empty();
            } catch (IOException e) {
                // try the next spelling
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
