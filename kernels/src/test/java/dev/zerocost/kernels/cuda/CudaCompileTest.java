package dev.zerocost.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zerocost.engine.DType;
import dev.zerocost.kernels.KernelSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kernel source compiles as CUDA C++ with nvcc (to PTX for sm_90, Hopper; no GPU needed)
 * for every (T, S, ACC, T_INT, HAS_FP64) combination the OpenCL backend builds, and the PTX holds
 * every KERNEL of the source. Skips with a printed reason, never silently, where no nvcc is found.
 */
class CudaCompileTest {
    /** Types an element buffer may have: the backend refuses float64 tensors on a device without fp64. */
    private static final List<DType> TYPES = List.of(DType.FLOAT32, DType.FLOAT64, DType.INT64);
    private static final Pattern KERNEL = Pattern.compile("KERNEL\\s+void\\s+(\\w+)\\s*\\(");
    private static final long TIMEOUT_S = 300;

    /** One compilation: a source built for one combination of the dialect's definitions. */
    record Job(String file, Map<String, String> definitions) {
        String label() {
            StringBuilder b = new StringBuilder(file);
            definitions.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
            return b.toString();
        }

        String stem() {
            StringBuilder b = new StringBuilder(file.replace(".cl", ""));
            definitions.forEach((k, v) -> b.append('_').append(k).append('-').append(v));
            return b.toString();
        }
    }

    /** What nvcc said about one job. */
    record Result(List<String> command, int exit, String output, String ptx) {
    }

    /** Every (file, definitions) pair the OpenCL backend can build: OpenClPrograms.options over these types. */
    static List<Job> jobs() {
        List<Job> jobs = new ArrayList<>();
        for (String file : KernelSource.FILES) {
            for (boolean fp64 : new boolean[] {true, false}) {
                for (DType t : TYPES) {
                    if (!fp64 && t == DType.FLOAT64) {
                        continue;
                    }
                    if (!KernelSource.takesSourceType(file)) {
                        jobs.add(new Job(file, KernelSource.definitions(fp64, t, null)));
                        continue;
                    }
                    for (DType s : TYPES) {
                        if (fp64 || s != DType.FLOAT64) {
                            jobs.add(new Job(file, KernelSource.definitions(fp64, t, s)));
                        }
                    }
                }
            }
        }
        return jobs;
    }

    /** nvcc at $CUDA_HOME/bin, /usr/local/cuda/bin, /usr/local/bin or on PATH, in that order; null if none. */
    static Path findNvcc(List<String> lookedIn) {
        List<Path> candidates = new ArrayList<>();
        String cudaHome = System.getenv("CUDA_HOME");
        if (cudaHome != null && !cudaHome.isBlank()) {
            candidates.add(Path.of(cudaHome, "bin", "nvcc"));
        }
        candidates.add(Path.of("/usr/local/cuda/bin/nvcc"));
        candidates.add(Path.of("/usr/local/bin/nvcc"));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "nvcc"));
                }
            }
        }
        for (Path c : candidates) {
            lookedIn.add(c.toString());
            if (Files.isRegularFile(c) && Files.isExecutable(c)) {
                return c;
            }
        }
        return null;
    }

    /** The .cu text nvcc compiles: the same text the CUDA backend gives NVRTC. */
    static String cudaSource(Job job) {
        return KernelSource.cudaSource(job.file(), job.definitions());
    }

    static Result compile(Path nvcc, Path dir, Job job) throws IOException, InterruptedException {
        Path cu = dir.resolve(job.stem() + ".cu");
        Path ptx = dir.resolve(job.stem() + ".ptx");
        Files.writeString(cu, cudaSource(job), StandardCharsets.UTF_8);
        List<String> command = List.of(nvcc.toString(), "-std=c++17", "-fmad=false", "--ptx", "-arch=sm_90",
                cu.toString(), "-o", ptx.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(command, -1, "timed out after " + TIMEOUT_S + " s", "");
        }
        String text = p.exitValue() == 0 && Files.exists(ptx) ? Files.readString(ptx) : "";
        return new Result(command, p.exitValue(), new String(out, StandardCharsets.UTF_8), text);
    }

    @Test
    void fileListMatchesTheSourceFolder() throws URISyntaxException, IOException {
        /* the folder of dialect.h: test-classes may hold a folder of the same name */
        Path folder = Path.of(KernelSource.class.getResource(KernelSource.FOLDER + KernelSource.DIALECT).toURI())
                .getParent();
        TreeSet<String> onDisk = new TreeSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".cl")).forEach(onDisk::add);
        }
        assertEquals(onDisk, new TreeSet<>(KernelSource.FILES), "KernelSource.FILES against " + folder);
    }

    @TestFactory
    Stream<DynamicTest> everyKernelCompilesWithNvcc(@TempDir Path dir) {
        List<String> lookedIn = new ArrayList<>();
        Path nvcc = findNvcc(lookedIn);
        if (nvcc == null) {
            /* a skipped dynamic test, not an aborted factory, so that the reports count the skip */
            String line = "CudaCompileTest skipped: no nvcc found (looked in " + String.join(", ", lookedIn) + ")";
            System.out.println(line);
            return Stream.of(DynamicTest.dynamicTest("nvcc present", () -> assumeTrue(false, line)));
        }
        List<Job> jobs = jobs();
        System.out.println("CudaCompileTest: " + jobs.size() + " compilations with " + nvcc
                + " -std=c++17 -fmad=false --ptx -arch=sm_90, 2 at a time");
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Result>> results = new ArrayList<>();
        for (Job job : jobs) {
            results.add(pool.submit(() -> compile(nvcc, dir, job)));
        }
        pool.shutdown();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            Future<Result> future = results.get(i);
            boolean last = i == jobs.size() - 1;
            tests.add(DynamicTest.dynamicTest(job.label(), () -> {
                Result r = get(future);
                assertEquals(0, r.exit(), () -> "nvcc failed on " + job.label() + ": " + String.join(" ", r.command())
                        + "\n" + r.output());
                Matcher m = KERNEL.matcher(KernelSource.read(job.file()));
                while (m.find()) {
                    String name = m.group(1);
                    assertTrue(r.ptx().contains(".entry " + name + "("), () -> "no .entry " + name + " in the PTX of "
                            + job.label());
                }
                if (last) {
                    System.out.printf("CudaCompileTest: %d compilations took %.1f s%n", jobs.size(),
                            (System.nanoTime() - start) / 1e9);
                }
            }));
        }
        return tests.stream();
    }

    private static Result get(Future<Result> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw new IllegalStateException(cause);
        }
    }
}
