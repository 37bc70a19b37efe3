package dev.zerocost.nasbench.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UniqueFormTest {

    private static String of(String arch) {
        return UniqueForm.of(Arch.parse(arch));
    }

    @Test
    void convolutionsAndPoolsWrapTheirSourceAndSkipsPassItThrough() {
        assertEquals("(0)@avg_pool_3x3+(0)@avg_pool_3x3+(0)@nor_conv_1x1+(0)@nor_conv_1x1",
                of("|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|"));
        assertEquals("((0)@nor_conv_3x3)@avg_pool_3x3+(0)@nor_conv_3x3+((0)@nor_conv_3x3)@nor_conv_3x3+0",
                of("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|"));
        assertEquals("0+0+0+0", of("|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|"));
    }

    @Test
    void zeroOpsAndEdgesOutOfAZeroNodeBecomeTheZeroMarker() {
        assertEquals("#+#+#", of("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"));
        assertEquals("#+#+#+(0)@nor_conv_1x1",
                of("|none~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|none~0|avg_pool_3x3~1|skip_connect~2|"));
    }

    @Test
    void aNodeFedByTwoZeroEdgesIsNotTreatedAsZeroDownstreamJustLikeNb201() {
        assertEquals("#+#+(#+#)@nor_conv_3x3",
                of("|none~0|+|none~0|none~1|+|none~0|none~1|nor_conv_3x3~2|"));
    }

    @Test
    void swappingTwoParallelBranchesGivesTheSameForm() {
        String a = of("|nor_conv_3x3~0|+|none~0|none~1|+|nor_conv_1x1~0|skip_connect~1|none~2|");
        String b = of("|nor_conv_1x1~0|+|none~0|none~1|+|nor_conv_3x3~0|skip_connect~1|none~2|");
        assertEquals("#+(0)@nor_conv_1x1+(0)@nor_conv_3x3", a);
        assertEquals(a, b);
        assertNotEquals(a, of("|nor_conv_1x1~0|+|none~0|none~1|+|nor_conv_1x1~0|skip_connect~1|none~2|"));
    }

    @Test
    void termsPassedThroughASkipAreNotResortedSoSomeEquivalentCellsStayApartAsInNb201() {
        // Both cells compute conv3x3(x) + conv1x1(x) at node 3, but the node-2 description is joined
        // before it is spliced into node 3, so NB-201's unique_str (and ours) tells them apart.
        String a = of("|nor_conv_3x3~0|+|nor_conv_1x1~0|none~1|+|none~0|skip_connect~1|skip_connect~2|");
        String b = of("|nor_conv_1x1~0|+|nor_conv_3x3~0|none~1|+|none~0|skip_connect~1|skip_connect~2|");
        assertEquals("#+#+(0)@nor_conv_1x1+(0)@nor_conv_3x3", a);
        assertEquals("#+#+(0)@nor_conv_3x3+(0)@nor_conv_1x1", b);
    }

    @Test
    void theSpaceSplitsIntoExactly6466Classes() {
        Set<String> forms = new HashSet<>();
        for (int rank = 0; rank < Arch.COUNT; rank++) {
            forms.add(UniqueForm.of(Arch.fromRank(rank)));
        }
        assertEquals(6466, forms.size());
    }

    @Test
    void formsMatchTheBenchmarksUniqueStrColumnRowForRow() {
        List<GroundTruthCsv.Row> rows = GroundTruthCsv.rowsOrSkip("UniqueFormTest.formsMatchTheBenchmarksUniqueStr");
        assertEquals(Arch.COUNT, rows.size());
        Map<String, String> ourFormOfTheirs = new HashMap<>();
        for (GroundTruthCsv.Row row : rows) {
            String ours = UniqueForm.of(Arch.parse(row.archStr()));
            assertEquals(row.uniqueStr(), ours, "unique form of " + row.archStr());
            // the same partition, stated independently of spelling
            String before = ourFormOfTheirs.putIfAbsent(row.uniqueStr(), ours);
            assertEquals(before == null ? ours : before, ours);
        }
        assertEquals(6466, ourFormOfTheirs.size());
        assertEquals(6466, new HashSet<>(ourFormOfTheirs.values()).size());
    }
}
