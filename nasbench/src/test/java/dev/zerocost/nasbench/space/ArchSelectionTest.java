package dev.zerocost.nasbench.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchSelectionTest {
    private static final String BEST =
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|";

    @TempDir
    Path dir;

    private static IllegalArgumentException rejected(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArchSelection.parse(spec));
        assertTrue(e.getMessage().contains("'" + spec + "'"), "quotes the spec: " + e.getMessage());
        return e;
    }

    @Test
    void allSelectsEveryIndexInOrder() {
        List<Integer> all = ArchSelection.parse("all");
        assertEquals(15625, all.size());
        assertEquals(IntStream.range(0, 15625).boxed().toList(), all);
    }

    @Test
    void sampleDrawsDistinctSortedIndicesThatPythonCanReproduce() {
        // Python: r = random.Random(seed); pool = list(range(15625));
        // for i in range(n): j = i + r._randbelow(15625 - i); pool[i], pool[j] = pool[j], pool[i]
        assertEquals(List.of(6312, 6894, 12420, 13835, 14588), ArchSelection.parse("sample:5"));
        assertEquals(List.of(6312, 6894, 12420, 13835, 14588), ArchSelection.parse("sample:5:0"));
        assertEquals(List.of(796, 1192, 2473, 5305, 6471, 10668, 13462, 15530), ArchSelection.parse("sample:8:7"));
    }

    @Test
    void sampleIsDeterministicAndDependsOnTheSeed() {
        List<Integer> a = ArchSelection.parse("sample:1000:3");
        assertEquals(a, ArchSelection.parse("sample:1000:3"));
        assertNotEquals(a, ArchSelection.parse("sample:1000:4"));
        assertEquals(1000, new HashSet<>(a).size());
        for (int i = 1; i < a.size(); i++) {
            assertTrue(a.get(i - 1) < a.get(i));
        }
        assertEquals(ArchSelection.parse("all"), ArchSelection.parse("sample:15625:9"));
    }

    @Test
    void rangeIsInclusiveAtBothEnds() {
        assertEquals(List.of(10, 11, 12, 13, 14), ArchSelection.parse("10-14"));
        assertEquals(List.of(5), ArchSelection.parse("5-5"));
        assertEquals(15625, ArchSelection.parse("0-15624").size());
    }

    @Test
    void listKeepsTheGivenOrder() {
        assertEquals(List.of(7, 3, 6111), ArchSelection.parse("7,3,6111"));
        assertEquals(List.of(42), ArchSelection.parse("42"));
        assertEquals(List.of(1, 2), ArchSelection.parse(" 1, 2 "));
    }

    @Test
    void fileMixesIndicesAndArchStringsAndIgnoresCommentsAndBlankLines() throws IOException {
        Files.writeString(dir.resolve("archs.txt"), "# chosen archs\n\n12\n" + BEST + "   # the best one\n  \n0 # first\n");
        assertEquals(List.of(12, 6111, 0), ArchSelection.parse("@archs.txt", dir));
        assertEquals(List.of(12, 6111, 0), ArchSelection.parse("@" + dir.resolve("archs.txt")));
    }

    @Test
    void fileErrorsNameTheFileAndLine() throws IOException {
        Files.writeString(dir.resolve("bad.txt"), "1\n|nor_conv_3x3~0|+|oops~0|none~1|+|none~0|none~1|none~2|\n");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ArchSelection.parse("@bad.txt", dir));
        assertTrue(bad.getMessage().contains("bad.txt:2"), bad.getMessage());
        assertTrue(bad.getMessage().contains("unknown op 'oops'"), bad.getMessage());

        Files.writeString(dir.resolve("dup.txt"), "6111\n" + BEST + "\n");
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> ArchSelection.parse("@dup.txt", dir));
        assertTrue(dup.getMessage().contains("dup.txt:2") && dup.getMessage().contains("line 1"), dup.getMessage());

        Files.writeString(dir.resolve("empty.txt"), "# nothing\n\n");
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> ArchSelection.parse("@empty.txt", dir));
        assertTrue(empty.getMessage().contains("selects nothing"), empty.getMessage());

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ArchSelection.parse("@missing.txt", dir));
        assertTrue(missing.getMessage().contains("cannot read file") && missing.getMessage().contains("missing.txt"),
                missing.getMessage());
    }

    @Test
    void badSpecsAreRejectedWithTheSpecAndTheExpectedForms() {
        for (String spec : List.of("everything", "sample:0", "sample:x", "sample:3:-1", "sample:3:1:2", "15625",
                "3-2", "1-99999", "1,,2", "-4", "1,2,1", "99999999999")) {
            IllegalArgumentException e = rejected(spec);
            assertTrue(e.getMessage().contains(ArchSelection.FORMS), e.getMessage());
        }
        assertTrue(rejected("3-2").getMessage().contains("after its end"));
        assertTrue(rejected("1,2,1").getMessage().contains("listed twice"));
        assertTrue(rejected("15625").getMessage().contains("out of range 0..15624"));
        assertThrows(IllegalArgumentException.class, () -> ArchSelection.parse(" "));
    }

    @Test
    void shardsAreDisjointCoverTheSelectionAndDealRoundRobin() {
        List<Integer> selection = ArchSelection.parse("sample:103:1");
        List<Integer> union = new ArrayList<>();
        Set<Integer> distinct = new HashSet<>();
        for (int k = 1; k <= 4; k++) {
            List<Integer> shard = ArchSelection.shard(selection, k, 4);
            assertEquals(selection.get(k - 1), shard.get(0));
            union.addAll(shard);
            distinct.addAll(shard);
        }
        assertEquals(selection.size(), union.size());
        assertEquals(new HashSet<>(selection), distinct);
        assertEquals(List.of(11, 14), ArchSelection.shard(List.of(10, 11, 12, 13, 14), 2, 3));
        assertEquals(selection, ArchSelection.shard(selection, 1, 1));
        assertEquals(List.of(), ArchSelection.shard(List.of(1, 2), 3, 3));
    }

    @Test
    void badShardNumbersAreRejected() {
        List<Integer> selection = List.of(1, 2, 3);
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> ArchSelection.shard(selection, 0, 2));
        assertTrue(k.getMessage().contains("shard 0/2") && k.getMessage().contains("1..2"), k.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ArchSelection.shard(selection, 3, 2));
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
                () -> ArchSelection.shard(selection, 1, 0));
        assertTrue(n.getMessage().contains("at least 1"), n.getMessage());
    }
}
