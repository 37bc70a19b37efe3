package dev.zerocost.kernels.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Compiled kernel images on disk, so a new process skips NVRTC: one file per SHA-256 of (NVRTC
 * version, options, source), in the folder of the system property {@code zerocost.cuda.cache}
 * (default {@code ~/.cache/zerocost/cuda}; "off" disables it). Any disk problem only costs a
 * recompilation; writes go through a temporary file so readers never see half an image.
 */
final class CudaKernelCache {
    private final Path folder;

    CudaKernelCache(Path folder) {
        this.folder = folder;
    }

    /** The cache the system properties ask for; null folder when disabled. */
    static CudaKernelCache fromSystemProperties() {
        String property = System.getProperty("zerocost.cuda.cache");
        if ("off".equals(property)) {
            return new CudaKernelCache(null);
        }
        Path folder = property != null && !property.isBlank() ? Path.of(property)
                : Path.of(System.getProperty("user.home"), ".cache", "zerocost", "cuda");
        return new CudaKernelCache(folder);
    }

    static String key(String compilerVersion, List<String> options, String source) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((compilerVersion + "\n" + String.join(" ", options) + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JRE", e);
        }
    }

    /** The stored image, or null when absent, disabled or unreadable. */
    byte[] get(String compilerVersion, List<String> options, String source) {
        if (folder == null) {
            return null;
        }
        Path file = folder.resolve(key(compilerVersion, options, source) + ".bin");
        try {
            return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Stores an image; failures are ignored (the next process compiles again). */
    void put(String compilerVersion, List<String> options, String source, byte[] image) {
        if (folder == null) {
            return;
        }
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve(key(compilerVersion, options, source) + ".bin");
            Path temporary = Files.createTempFile(folder, "kernel", ".tmp");
            Files.write(temporary, image);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // a read-only home or a full disk only costs a recompilation next time
        }
    }
}
