package dev.zerocost.engine.io;

import java.io.IOException;

/**
 * A file that cannot be read as the array format it claims to be: truncated, corrupt, of the wrong
 * format or holding a dtype this engine does not support. The message names the file, the entry
 * inside it (for archives and safetensors), what was expected and what was found.
 */
public final class ArrayFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String entry;

    /**
     * @param source the file or stream name, as the user gave it
     * @param entry the array inside the file, or null when the file holds one array
     * @param detail what was expected and what was found
     */
    public ArrayFormatException(String source, String entry, String detail) {
        this(source, entry, detail, null);
    }

    /** As {@link #ArrayFormatException(String, String, String)}, keeping the low-level cause. */
    public ArrayFormatException(String source, String entry, String detail, Throwable cause) {
        super(source + (entry == null ? "" : ", entry '" + entry + "'") + ": " + detail, cause);
        this.source = source;
        this.entry = entry;
    }

    /** The file or stream name the error is about. */
    public String source() {
        return source;
    }

    /** The entry inside the file the error is about, or null when it concerns the whole file. */
    public String entry() {
        return entry;
    }
}
