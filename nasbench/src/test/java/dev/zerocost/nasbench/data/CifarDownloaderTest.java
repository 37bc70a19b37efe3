package dev.zerocost.nasbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Serves a small fake CIFAR-10 archive from a loopback-only HTTP server on an ephemeral port. */
@Timeout(60)
class CifarDownloaderTest {
    @TempDir
    Path temp;

    private HttpServer server;
    private byte[] archive;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("cifar-10-batches-bin/", null);
        for (int b = 1; b <= 5; b++) {
            entries.put("cifar-10-batches-bin/data_batch_" + b + ".bin", DatasetsTest.records(1, b - 1));
        }
        entries.put("cifar-10-batches-bin/test_batch.bin", DatasetsTest.records(2, 8));
        entries.put("cifar-10-batches-bin/batches.meta.txt", "airplane\n".getBytes());
        archive = TestTar.gzip(TestTar.tar(entries));

        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok/", exchange -> send(exchange, archive, archive.length));
        server.createContext("/cut/", exchange -> send(exchange, archive, archive.length / 2));
        server.createContext("/other/", exchange -> {
            byte[] wrong = TestTar.gzip(TestTar.tar(Map.of("elsewhere/x.bin", new byte[] {1})));
            send(exchange, wrong, wrong.length);
        });
        server.start();
    }

    /** Announces the full length but writes only {@code bytes}, then closes: a cut-off transfer when short. */
    private void send(HttpExchange exchange, byte[] body, int bytes) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, bytes);
            out.flush();
        } catch (IOException expectedWhenShort) {
            // the server refuses to finish a fixed-length response early and drops the connection
        }
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private CifarDownloader downloader(String path) {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        return new CifarDownloader(temp.resolve("cache"), base, Duration.ofSeconds(5));
    }

    private CifarDownloader.Archive fake(String md5) {
        return new CifarDownloader.Archive("cifar10", "cifar-10-binary.tar.gz", md5, "cifar-10-batches-bin");
    }

    private static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    private List<String> cacheListing() throws IOException {
        Path cache = temp.resolve("cache");
        if (!Files.exists(cache)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cache)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void downloadsVerifiesAndExtractsOnceThenReusesTheCache() throws Exception {
        CifarDownloader d = downloader("/ok/");
        Path dir = d.ensure(fake(md5(archive)));
        assertEquals(temp.resolve("cache/cifar-10-batches-bin"), dir);
        assertEquals(List.of("cifar-10-batches-bin", "cifar-10-binary.tar.gz"), cacheListing(), "no temporary files remain");
        Dataset dataset = Datasets.open("cifar10", dir);
        assertArrayEquals(new long[] {0, 1, 2, 3, 4}, dataset.load(Dataset.Split.TRAIN).labels());
        assertArrayEquals(new long[] {8, 9}, dataset.load(Dataset.Split.TEST).labels());
        assertEquals(md5(archive), CifarDownloader.md5(temp.resolve("cache/cifar-10-binary.tar.gz")));

        assertEquals(dir, d.ensure(fake(md5(archive))));
        assertEquals(1, requests.get(), "a second call uses the cache");
    }

    @Test
    void aBadChecksumIsAnErrorAndLeavesNothingInTheCache() throws Exception {
        String wrong = "0123456789abcdef0123456789abcdef";
        IOException e = assertThrows(IOException.class, () -> downloader("/ok/").ensure(fake(wrong)));
        assertTrue(e.getMessage().contains(wrong) && e.getMessage().contains(md5(archive)), e.getMessage());
        assertTrue(e.getMessage().contains("/ok/cifar-10-binary.tar.gz"), e.getMessage());
        assertEquals(List.of(), cacheListing());
    }

    @Test
    void aCutOffTransferIsAnErrorAndLeavesNothingHalfWritten() throws Exception {
        IOException e = assertThrows(IOException.class, () -> downloader("/cut/").ensure(fake(md5(archive))));
        assertTrue(e.getMessage().contains("/cut/cifar-10-binary.tar.gz"), e.getMessage());
        assertEquals(List.of(), cacheListing());
    }

    @Test
    void anArchiveWithoutTheExpectedDirectoryLeavesNoPartialExtraction() throws Exception {
        byte[] wrong = TestTar.gzip(TestTar.tar(Map.of("elsewhere/x.bin", new byte[] {1})));
        IOException e = assertThrows(IOException.class, () -> downloader("/other/").ensure(fake(md5(wrong))));
        assertTrue(e.getMessage().contains("cifar-10-batches-bin") && e.getMessage().contains("elsewhere/x.bin"), e.getMessage());
        assertEquals(List.of("cifar-10-binary.tar.gz"), cacheListing(), "only the verified archive stays");
        assertFalse(Files.exists(temp.resolve("cache/cifar-10-batches-bin")));
    }

    @Test
    void officialArchivesCarryTheirPublishedChecksums() {
        assertEquals("c32a1d4ab5d03f1284b67883e8d87530", CifarDownloader.archiveFor("cifar10").md5());
        assertEquals("03b5dce01913d631647c71ecec9e9cb8", CifarDownloader.archiveFor("CIFAR-100").md5());
        assertEquals("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz",
                CifarDownloader.OFFICIAL_BASE.resolve(CifarDownloader.CIFAR10.fileName()).toString());
        assertThrows(IllegalArgumentException.class, () -> CifarDownloader.archiveFor("imagenet16-120"));
    }
}
