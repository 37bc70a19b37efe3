package dev.zerocost.engine.backend;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * An explicit lifetime for device buffers, used as {@code try (var scope = MemoryScope.open()) {...}}:
 * every buffer allocated on this thread while the scope is innermost is released when it closes,
 * except buffers passed to {@link #keep}, which move to the enclosing scope (or become unscoped).
 * A sweep opens one scope per architecture, so the backend's live-byte counter returns to its
 * starting value after each arch.
 */
public final class MemoryScope implements AutoCloseable {
    private static final ThreadLocal<MemoryScope> CURRENT = new ThreadLocal<>();

    private final MemoryScope parent;
    private final List<Buffer> owned = new ArrayList<>();
    private final List<Weak> weak = new ArrayList<>();
    private final Set<Buffer> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    private MemoryScope(MemoryScope parent) {
        this.parent = parent;
    }

    /** Opens a scope nested in the current one. */
    public static MemoryScope open() {
        MemoryScope scope = new MemoryScope(CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /** A buffer held weakly (its memory is garbage-collected), with what settles it if collected. */
    private record Weak(WeakReference<Buffer> ref, Buffer.Lifetime lifetime, long bytes, LongConsumer whenCollected) {
    }

    static void register(Buffer buffer) {
        MemoryScope scope = CURRENT.get();
        if (scope != null) {
            scope.add(buffer);
        }
    }

    private void add(Buffer buffer) {
        LongConsumer collected = buffer.whenCollected();
        if (collected == null) {
            owned.add(buffer);
        } else {
            weak.add(new Weak(new WeakReference<>(buffer), buffer.lifetime(), buffer.bytes(), collected));
        }
    }

    /** Lets this buffer survive the scope: it is handed to the enclosing scope, if any. */
    public void keep(Buffer buffer) {
        if (kept.add(buffer) && parent != null) {
            parent.add(buffer);
        }
    }

    /** Number of buffers this scope will release (or has seen collected). */
    public int ownedCount() {
        return owned.size() + weak.size() - kept.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (CURRENT.get() != this) {
            // refuse before marking closed, so the proper close later still releases and pops this scope
            throw new IllegalStateException("memory scopes must close innermost first");
        }
        closed = true;
        CURRENT.set(parent);
        for (Buffer buffer : owned) {
            if (!kept.contains(buffer)) {
                buffer.release();
            }
        }
        owned.clear();
        for (Weak w : weak) {
            Buffer buffer = w.ref().get();
            if (buffer != null) {
                if (!kept.contains(buffer)) {
                    buffer.release();
                }
            } else if (!w.lifetime().released) {
                w.lifetime().released = true;
                w.whenCollected().accept(w.bytes());
            }
        }
        weak.clear();
    }
}
