package dev.zerocost.engine;

/** Element types. Tensors compute in FLOAT32 or FLOAT64; INT64 holds labels and indices; UINT8 exists for raw image I/O. */
public enum DType {
    FLOAT32(4, "float32"),
    FLOAT64(8, "float64"),
    INT64(8, "int64"),
    UINT8(1, "uint8");

    private final int byteSize;
    private final String label;

    DType(int byteSize, String label) {
        this.byteSize = byteSize;
        this.label = label;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** True for the two floating point types. */
    public boolean isFloating() {
        return this == FLOAT32 || this == FLOAT64;
    }

    @Override
    public String toString() {
        return label;
    }
}
