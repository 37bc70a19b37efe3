package dev.zerocost.nasbench.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Nb201IndexTest {

    @Test
    void indexZeroIsTheBenchmarksFirstArch() {
        assertEquals("|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|",
                Nb201Index.arch(0).toString());
    }

    @Test
    void index6111IsTheBestCifar10Arch() {
        String best = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|";
        assertEquals(best, Nb201Index.arch(6111).toString());
        assertEquals(6111, Nb201Index.indexOf(Arch.parse(best)));
    }

    @Test
    void indexOneMatchesTheBenchmark() {
        assertEquals("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
                Nb201Index.arch(1).toString());
    }

    @Test
    void indexIsABijectionOnAllArchs() {
        assertEquals(15625, Nb201Index.size());
        Set<Arch> seen = new HashSet<>();
        for (int i = 0; i < Nb201Index.size(); i++) {
            Arch arch = Nb201Index.arch(i);
            assertTrue(seen.add(arch), "arch listed twice: " + arch);
            assertEquals(i, Nb201Index.indexOf(arch));
        }
    }

    @Test
    void indexOutOfRangeIsRejectedWithTheValidRange() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> Nb201Index.arch(15625));
        assertTrue(e.getMessage().contains("0..15624"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Nb201Index.arch(-1));
    }

    @Test
    void everyIndexMatchesTheGroundTruthTable() {
        List<GroundTruthCsv.Row> rows = GroundTruthCsv.rowsOrSkip("Nb201IndexTest.everyIndexMatchesTheGroundTruthTable");
        assertEquals(Nb201Index.size(), rows.size());
        for (GroundTruthCsv.Row row : rows) {
            assertEquals(row.archStr(), Nb201Index.arch(row.index()).toString(), "index " + row.index());
            assertEquals(row.index(), Nb201Index.indexOf(Arch.parse(row.archStr())));
        }
    }
}
