package dev.zerocost.engine.io;

/** Where a reader is: the file and, inside archives, the entry. Builds the exceptions it raises. */
record Location(String source, String entry) {
    static Location of(String source) {
        return new Location(source, null);
    }

    Location entry(String name) {
        return new Location(source, name);
    }

    ArrayFormatException fail(String detail) {
        return new ArrayFormatException(source, entry, detail);
    }

    ArrayFormatException fail(String detail, Throwable cause) {
        return new ArrayFormatException(source, entry, detail, cause);
    }
}
