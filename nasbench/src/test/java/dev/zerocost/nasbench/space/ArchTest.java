package dev.zerocost.nasbench.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArchTest {
    private static final String BEST =
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|";
    private static final String INDEX_0 =
            "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|";

    @Test
    void parseThenToStringGivesBackTheSameString() {
        assertEquals(BEST, Arch.parse(BEST).toString());
        assertEquals(INDEX_0, Arch.parse(INDEX_0).toString());
    }

    @Test
    void everyArchOfTheSpaceSurvivesFormattingAndParsing() {
        Set<Arch> all = new HashSet<>();
        for (int rank = 0; rank < Arch.COUNT; rank++) {
            Arch arch = Arch.fromRank(rank);
            assertEquals(arch, Arch.parse(arch.toString()));
            assertEquals(rank, arch.rank());
            all.add(arch);
        }
        assertEquals(15625, all.size());
    }

    @Test
    void opsAreAddressedByTargetAndSourceNode() {
        Arch arch = Arch.parse(BEST);
        assertEquals(Op.NOR_CONV_3X3, arch.op(1, 0));
        assertEquals(Op.SKIP_CONNECT, arch.op(3, 0));
        assertEquals(Op.NOR_CONV_1X1, arch.op(3, 2));
        assertEquals(Op.NOR_CONV_1X1, arch.op(5));
        assertEquals(5, Arch.edgeIndex(3, 2));
        assertEquals(2, Arch.edgeIndex(2, 1));
        assertThrows(IllegalArgumentException.class, () -> arch.op(2, 2));
        assertThrows(IllegalArgumentException.class, () -> arch.op(4, 0));
    }

    @Test
    void edgesAndOpsListFollowArchStringOrder() {
        Arch arch = Arch.parse(BEST);
        assertEquals(List.of(Op.NOR_CONV_3X3, Op.NOR_CONV_3X3, Op.NOR_CONV_3X3, Op.SKIP_CONNECT,
                Op.NOR_CONV_3X3, Op.NOR_CONV_1X1), arch.ops());
        List<Arch.Edge> edges = arch.edges();
        assertEquals(6, edges.size());
        assertEquals(new Arch.Edge(1, 0, Op.NOR_CONV_3X3), edges.get(0));
        assertEquals(new Arch.Edge(2, 1, Op.NOR_CONV_3X3), edges.get(2));
        assertEquals(new Arch.Edge(3, 0, Op.SKIP_CONNECT), edges.get(3));
        assertEquals(new Arch.Edge(3, 2, Op.NOR_CONV_1X1), edges.get(5));
    }

    @Test
    void equalArchsHaveEqualHashesAndWithMakesAChangedCopy() {
        Arch a = Arch.parse(BEST);
        Arch b = Arch.of(a.ops().toArray(new Op[0]));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        Arch changed = a.with(3, 2, Op.NONE);
        assertNotEquals(a, changed);
        assertEquals(Op.NOR_CONV_1X1, a.op(3, 2));
        assertEquals(Op.NONE, changed.op(3, 2));
        assertThrows(IllegalArgumentException.class, () -> Arch.of(Op.NONE, Op.NONE));
    }

    @Test
    void naslibTupleMapsToTheStringWithItsOwnEdgeOrder() {
        Arch arch = Arch.fromNaslibTuple(4, 3, 3, 0, 0, 0);
        assertEquals(INDEX_0, arch.toString());
        assertArrayEquals(new int[] {4, 3, 3, 0, 0, 0}, arch.toNaslibTuple());
        // (a,b,c,d,e,f) -> |a~0|+|b~0|d~1|+|c~0|e~1|f~2|: c and d trade places
        assertEquals("|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|avg_pool_3x3~0|nor_conv_3x3~1|avg_pool_3x3~2|",
                Arch.fromNaslibTuple(2, 3, 4, 2, 2, 4).toString());
        assertEquals("|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|nor_conv_1x1~0|avg_pool_3x3~1|none~2|",
                Arch.parseNaslibTuple("(2, 2, 3, 0, 4, 1)").toString());
    }

    @Test
    void naslibTupleRoundTripsForEveryArch() {
        for (int rank = 0; rank < Arch.COUNT; rank++) {
            Arch arch = Arch.fromRank(rank);
            assertEquals(arch, Arch.fromNaslibTuple(arch.toNaslibTuple()));
            assertEquals(arch, Arch.parseNaslibTuple(arch.toNaslibString()));
        }
    }

    @Test
    void naslibTupleStringsAcceptBracketsCommasAndSpaces() {
        Arch expected = Arch.fromNaslibTuple(2, 2, 3, 0, 4, 1);
        assertEquals("(2, 2, 3, 0, 4, 1)", expected.toNaslibString());
        assertEquals(expected, Arch.parseNaslibTuple("2 2 3 0 4 1"));
        assertEquals(expected, Arch.parseNaslibTuple("[2,2,3,0,4,1]"));
        assertEquals(expected, Arch.parseNaslibTuple("  (2,2, 3 ,0,4,1) "));
    }

    @Test
    void malformedNaslibTuplesAreRejectedWithTheBadToken() {
        ArchFormatException tooShort = assertThrows(ArchFormatException.class, () -> Arch.parseNaslibTuple("(2, 2, 3)"));
        assertTrue(tooShort.getMessage().contains("3 op ids, expected 6"), tooShort.getMessage());
        ArchFormatException badId = assertThrows(ArchFormatException.class,
                () -> Arch.parseNaslibTuple("(2, 2, 7, 0, 4, 1)"));
        assertTrue(badId.getMessage().contains("'7'"), badId.getMessage());
        assertEquals(7, badId.offset());
        assertThrows(ArchFormatException.class, () -> Arch.parseNaslibTuple("(2, 2, 3, 0, 4, 1, 0)"));
        assertThrows(ArchFormatException.class, () -> Arch.parseNaslibTuple("(2, 2, 3, 0, 4, 1"));
        assertThrows(IllegalArgumentException.class, () -> Arch.fromNaslibTuple(1, 2, 3));
    }

    @Test
    void naslibTuplesOfTheSharedScoreTableMatchItsArchStrings() throws IOException {
        Path file = GroundTruthCsv.nb201FileOrSkip("naslib_zc_cifar10.csv", "ArchTest.naslibTuples");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        int arch = header.indexOf("arch_str");
        int ops = header.indexOf("naslib_ops");
        assertTrue(arch >= 0 && ops >= 0, "unexpected header " + header);
        int checked = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertEquals(cells[arch], Arch.parseNaslibTuple(cells[ops]).toString(), line);
            checked++;
        }
        assertTrue(checked > 9000, "only " + checked + " rows checked");
    }
}
