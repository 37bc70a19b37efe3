package dev.zerocost.nasbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarReaderTest {
    @TempDir
    Path temp;

    @Test
    void extractsDirectoriesAndFilesWithTheirBytes() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("top/", null);
        entries.put("top/a.bin", new byte[] {1, 2, 3});
        entries.put("top/sub/b.txt", "x".repeat(1000).getBytes(StandardCharsets.US_ASCII));
        List<String> files = TarReader.extract(new ByteArrayInputStream(TestTar.tar(entries)), temp, "t.tar");
        assertEquals(List.of("top/a.bin", "top/sub/b.txt"), files);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(temp.resolve("top/a.bin")));
        assertEquals(1000, Files.size(temp.resolve("top/sub/b.txt")));
    }

    @Test
    void refusesNamesThatEscapeTheTarget() {
        Map<String, byte[]> entries = Map.of("../evil.txt", new byte[] {1});
        IOException e = assertThrows(IOException.class,
                () -> TarReader.extract(new ByteArrayInputStream(TestTar.tar(entries)), temp.resolve("."), "t.tar"));
        assertTrue(e.getMessage().contains("outside the target"), e.getMessage());
        assertFalse(Files.exists(temp.getParent().resolve("evil.txt")));
    }

    @Test
    void aTruncatedOrCorruptArchiveIsAnError() {
        byte[] tar = TestTar.tar(Map.of("f.bin", new byte[3000]));
        byte[] cut = Arrays.copyOf(tar, 512 + 1000);
        IOException e = assertThrows(IOException.class, () -> TarReader.extract(new ByteArrayInputStream(cut), temp, "t.tar"));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("f.bin"), e.getMessage());
        byte[] flipped = tar.clone();
        flipped[10] ^= 1;
        e = assertThrows(IOException.class, () -> TarReader.extract(new ByteArrayInputStream(flipped), temp, "t.tar"));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void refusesLinks() {
        byte[] link = new byte[1536];
        System.arraycopy(TestTar.header("l", 0, '2'), 0, link, 0, 512);
        IOException e = assertThrows(IOException.class, () -> TarReader.extract(new ByteArrayInputStream(link), temp, "t.tar"));
        assertTrue(e.getMessage().contains("link"), e.getMessage());
    }
}
