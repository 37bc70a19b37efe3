package dev.zerocost.proxies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.proxies.linalg.Matrices;
import org.junit.jupiter.api.Test;

/** The small linear algebra behind jacob_cov and nwot. */
class MatricesTest {
    @Test
    void eigenvaluesOfASymmetricMatrixMatchTheClosedForm() {
        // [[2,1],[1,2]] has eigenvalues 1 and 3; a 3x3 diagonal block adds 5
        double[][] a = {{2, 1, 0}, {1, 2, 0}, {0, 0, 5}};
        assertArrayEquals(new double[] {1, 3, 5}, Matrices.symmetricEigenvalues(a), 1e-12);
    }

    @Test
    void logAbsDetMatchesAHandComputedDeterminantIncludingANegativeOne() {
        double[][] a = {{0, 2, 1}, {1, 0, 0}, {3, 1, 4}};
        // det = 0*(0-0) - 2*(4-0) + 1*(1-0) = -7
        assertEquals(Math.log(7), Matrices.logAbsDet(a), 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, Matrices.logAbsDet(new double[][] {{1, 2}, {2, 4}}));
    }

    @Test
    void corrcoefOfPerfectlyCorrelatedRowsIsOneAndAConstantRowIsNan() {
        double[][] c = Matrices.corrcoef(new double[][] {{1, 2, 3}, {2, 4, 6}, {3, 1, 2}});
        assertEquals(1.0, c[0][1], 1e-15);
        assertEquals(-0.5, c[0][2], 1e-12);
        assertTrue(Double.isNaN(Matrices.corrcoef(new double[][] {{1, 1, 1}, {1, 2, 3}})[0][1]));
    }
}
