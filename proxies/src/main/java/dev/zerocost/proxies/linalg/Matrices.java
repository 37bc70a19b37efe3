package dev.zerocost.proxies.linalg;

/** Small dense float64 linear algebra for proxies (matrices are batch x batch). */
public final class Matrices {
    private Matrices() {
    }

    /**
     * numpy.corrcoef of the rows: covariance over columns divided by the outer product of the
     * standard deviations, clipped to [-1, 1]. A constant row yields NaN entries, as in numpy.
     */
    public static double[][] corrcoef(double[][] rows) {
        int n = rows.length;
        int d = rows[0].length;
        double[][] centred = new double[n][d];
        for (int i = 0; i < n; i++) {
            double mean = 0;
            for (double v : rows[i]) {
                mean += v;
            }
            mean /= d;
            for (int k = 0; k < d; k++) {
                centred[i][k] = rows[i][k] - mean;
            }
        }
        double[][] cov = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += centred[i][k] * centred[j][k];
                }
                cov[i][j] = s / (d - 1);
                cov[j][i] = cov[i][j];
            }
        }
        double[][] corr = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double c = cov[i][j] / Math.sqrt(cov[i][i]) / Math.sqrt(cov[j][j]);
                corr[i][j] = Double.isNaN(c) ? c : Math.max(-1.0, Math.min(1.0, c));
            }
        }
        return corr;
    }

    /** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations (ascending). */
    public static double[] symmetricEigenvalues(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = matrix[i].clone();
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(a[p][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                }
            }
        }
        double[] eig = new double[n];
        for (int i = 0; i < n; i++) {
            eig[i] = a[i][i];
        }
        java.util.Arrays.sort(eig);
        return eig;
    }

    /** log|det A| by LU decomposition with partial pivoting (numpy.linalg.slogdet's logabsdet); -inf if singular. */
    public static double logAbsDet(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = matrix[i].clone();
        }
        double log = 0;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (a[pivot][col] == 0) {
                return Double.NEGATIVE_INFINITY;
            }
            double[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            log += Math.log(Math.abs(a[col][col]));
            for (int r = col + 1; r < n; r++) {
                double f = a[r][col] / a[col][col];
                if (f != 0) {
                    for (int k = col; k < n; k++) {
                        a[r][k] -= f * a[col][k];
                    }
                }
            }
        }
        return log;
    }
}
