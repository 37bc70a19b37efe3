package dev.zerocost.nasbench.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpTest {

    @Test
    void opsAreDeclaredInNb201Order() {
        assertEquals("none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3", Op.validLabels());
        assertEquals(Op.NONE, Op.values()[0]);
        assertEquals(Op.AVG_POOL_3X3, Op.values()[4]);
    }

    @Test
    void everyLabelLooksUpItsOwnOp() {
        for (Op op : Op.values()) {
            assertEquals(op, Op.fromLabel(op.label()));
            assertEquals(Optional.of(op), Op.lookup(op.label()));
        }
    }

    @Test
    void unknownLabelIsRejectedWithTheValidOpsListed() {
        assertTrue(Op.lookup("conv_3x3").isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Op.fromLabel("conv_3x3"));
        assertTrue(e.getMessage().contains("'conv_3x3'"), e.getMessage());
        assertTrue(e.getMessage().contains(Op.validLabels()), e.getMessage());
    }

    @Test
    void naslibIdsFollowNaslibsOwnNumbering() {
        assertEquals(0, Op.SKIP_CONNECT.naslibId());
        assertEquals(1, Op.NONE.naslibId());
        assertEquals(2, Op.NOR_CONV_3X3.naslibId());
        assertEquals(3, Op.NOR_CONV_1X1.naslibId());
        assertEquals(4, Op.AVG_POOL_3X3.naslibId());
        for (Op op : Op.values()) {
            assertEquals(op, Op.fromNaslibId(op.naslibId()));
        }
    }

    @Test
    void naslibIdOutsideZeroToFourIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Op.fromNaslibId(5));
        assertTrue(e.getMessage().contains("5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Op.fromNaslibId(-1));
    }
}
