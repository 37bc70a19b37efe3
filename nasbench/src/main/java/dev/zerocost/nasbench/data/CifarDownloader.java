package dev.zerocost.nasbench.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Fetches the CIFAR binary archives from their official address into a cache directory,
 * verifies their published MD5 and extracts them. Every step is atomic: the archive is written
 * to a temporary file and renamed only after its checksum matches, and it is extracted into a
 * temporary directory that is renamed into place only when complete, so an interrupted or
 * failed run never leaves a half-written file where a later run would trust it.
 */
public final class CifarDownloader {
    /** The official base address (Alex Krizhevsky's page at the University of Toronto). */
    public static final URI OFFICIAL_BASE = URI.create("https://www.cs.toronto.edu/~kriz/");

    /** One downloadable archive: its file name, published MD5 and the directory it unpacks to. */
    public record Archive(String dataset, String fileName, String md5, String directory) {
    }

    /** CIFAR-10 binary version, 162 MB. */
    public static final Archive CIFAR10 =
            new Archive("cifar10", "cifar-10-binary.tar.gz", "c32a1d4ab5d03f1284b67883e8d87530", "cifar-10-batches-bin");
    /** CIFAR-100 binary version, 161 MB. */
    public static final Archive CIFAR100 =
            new Archive("cifar100", "cifar-100-binary.tar.gz", "03b5dce01913d631647c71ecec9e9cb8", "cifar-100-binary");

    private static final Logger LOG = Logger.getLogger(CifarDownloader.class.getName());

    private final Path cache;
    private final URI base;
    private final Duration timeout;

    /** A downloader from the official address into {@code cacheDir}. */
    public CifarDownloader(Path cacheDir) {
        this(cacheDir, OFFICIAL_BASE, Duration.ofSeconds(60));
    }

    /**
     * @param cacheDir where archives and extracted directories live (created when missing)
     * @param base     base address; the archive's file name is resolved against it
     * @param timeout  limit for connecting and for each read; a stalled transfer fails after it
     */
    public CifarDownloader(Path cacheDir, URI base, Duration timeout) {
        this.cache = cacheDir;
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.timeout = timeout;
    }

    /** The archive of a dataset name (cifar10 or cifar100). */
    public static Archive archiveFor(String dataset) {
        String name = Datasets.canonicalName(dataset);
        return switch (name) {
            case "cifar10" -> CIFAR10;
            case "cifar100" -> CIFAR100;
            default -> throw new IllegalArgumentException("no download for " + dataset
                    + ": only cifar10 and cifar100 can be fetched; get ImageNet16 from the NB-201 authors' release");
        };
    }

    /**
     * The extracted directory of an archive, downloading and extracting it first when it is not in
     * the cache; pass the result to {@link Datasets#open}.
     *
     * @throws IOException naming the address and what failed (HTTP status, size, checksum, archive entry)
     */
    public Path ensure(Archive archive) throws IOException {
        Path extracted = cache.resolve(archive.directory());
        if (Files.isDirectory(extracted)) {
            return extracted;
        }
        Files.createDirectories(cache);
        Path file = cache.resolve(archive.fileName());
        if (Files.isRegularFile(file) && !md5(file).equals(archive.md5().toLowerCase(Locale.ROOT))) {
            LOG.warning(file + " does not match MD5 " + archive.md5() + "; downloading it again");
            Files.delete(file);
        }
        if (!Files.isRegularFile(file)) {
            download(archive, file);
        }
        extract(archive, file, extracted);
        return extracted;
    }

    private void download(Archive archive, Path file) throws IOException {
        URI uri = base.resolve(archive.fileName());
        LOG.info("downloading " + uri + " into " + cache);
        Path part = Files.createTempFile(cache, archive.fileName() + ".", ".part");
        URLConnection connection = null;
        try {
            connection = uri.toURL().openConnection();
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            if (connection instanceof HttpURLConnection http && http.getResponseCode() != 200) {
                throw new IOException(uri + ": HTTP " + http.getResponseCode() + " " + http.getResponseMessage()
                        + "; expected 200 with the archive. Check the address or download it by hand into " + cache);
            }
            long expected = connection.getContentLengthLong();
            MessageDigest md5 = newMd5();
            long received = 0;
            try (InputStream in = connection.getInputStream(); OutputStream out = Files.newOutputStream(part)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) >= 0; received += n) {
                    md5.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            if (expected >= 0 && received != expected) {
                throw new IOException(uri + ": transfer cut off after " + received + " of " + expected
                        + " bytes; nothing was kept, run again");
            }
            String found = HexFormat.of().formatHex(md5.digest());
            if (!found.equals(archive.md5().toLowerCase(Locale.ROOT))) {
                throw new IOException(uri + ": MD5 of the " + received + " bytes received is " + found + ", expected "
                        + archive.md5() + "; the download is corrupt or not the official archive, nothing was kept");
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(part);
            if (e.getMessage() != null && e.getMessage().startsWith(uri.toString())) {
                throw e;
            }
            throw new IOException(uri + ": download failed (" + e + "); nothing was kept, run again or"
                    + " put " + archive.fileName() + " into " + cache + " by hand", e);
        } finally {
            if (connection instanceof HttpURLConnection http) {
                http.disconnect();
            }
        }
    }

    private void extract(Archive archive, Path file, Path extracted) throws IOException {
        Path temp = Files.createTempDirectory(cache, "." + archive.directory() + ".extract-");
        try {
            List<String> entries;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
                entries = TarReader.extract(in, temp, file.toString());
            } catch (java.util.zip.ZipException e) {
                throw new IOException(file + ": not a valid gzip stream (" + e.getMessage()
                        + "); delete it and download again", e);
            }
            Path inside = temp.resolve(archive.directory());
            if (!Files.isDirectory(inside)) {
                throw new IOException(file + ": expected the archive to hold directory " + archive.directory()
                        + "/, found entries " + entries.subList(0, Math.min(10, entries.size())));
            }
            try {
                Files.move(inside, extracted, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                if (!Files.isDirectory(extracted)) {
                    throw e;
                }
                // another process finished the same extraction first: its copy is complete, keep it
            }
        } finally {
            deleteTree(temp);
        }
    }

    /** Lower-case hex MD5 of a file. */
    public static String md5(Path file) throws IOException {
        MessageDigest md5 = newMd5();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                md5.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5, which every Java platform must provide", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
