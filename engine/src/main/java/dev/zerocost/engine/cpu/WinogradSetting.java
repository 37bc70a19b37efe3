package dev.zerocost.engine.cpu;

/**
 * Which float32 convolutions of the {@code cpu} backend take {@link Winograd} F(2x2, 3x3): none,
 * or the 3x3 stride-1 padding-1 ones whose smaller channel count reaches a floor, in each of the
 * three directions (forward, input gradient, weight gradient). The start-up value comes from the
 * system properties {@code zerocost.winograd} (default true), {@code zerocost.winograd.channels}
 * (the floor, default {@link #DEFAULT_CHANNELS}) and {@code zerocost.winograd.parts} (any of
 * {@code fw,ig,wg}, default all); {@link #set} changes it at run time, between passes, for
 * in-process A/B timing (WinogradPassProbe in the nasbench tests).
 */
public final class WinogradSetting {
    /** The three directions a setting can enable, in the order of {@link #parts}. */
    public enum Part { FORWARD, INPUT_GRAD, WEIGHT_GRAD }

    /**
     * The default floor. Whole NB-201 passes (C = 16, batch 64, in-process A/B, docs/PERFORMANCE.md
     * session 20) ran 7-9% faster from 64 channels and 6-11% from 32 than with the direct kernels;
     * from 16 the 32x32 stage's transforms cost about what they save (0.91-0.95).
     */
    public static final int DEFAULT_CHANNELS = 32;

    /** Why the start-up properties were refused, or null; the {@code cpu} backend then reports it. */
    private static final String PROPERTY_ERROR;
    private static volatile WinogradSetting current;

    static {
        String error = null;
        WinogradSetting start;
        try {
            start = fromProperties();
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
            start = off();
        }
        PROPERTY_ERROR = error;
        current = start;
    }

    private final boolean enabled;
    private final int minChannels;
    private final boolean[] parts;

    private WinogradSetting(boolean enabled, int minChannels, boolean[] parts) {
        if (minChannels < 1) {
            throw new IllegalArgumentException("Winograd channel floor (zerocost.winograd.channels) must be >= 1, got " + minChannels);
        }
        this.enabled = enabled;
        this.minChannels = minChannels;
        this.parts = parts.clone();
    }

    /** Off: every convolution takes the direct kernels. */
    public static WinogradSetting off() {
        return new WinogradSetting(false, DEFAULT_CHANNELS, new boolean[3]);
    }

    /** On from {@code minChannels} channels, in the directions listed as {@code fw,ig,wg}. */
    public static WinogradSetting on(int minChannels, String parts) {
        return new WinogradSetting(true, minChannels, parse(parts));
    }

    private static boolean[] parse(String list) {
        boolean[] p = new boolean[3];
        for (String s : list.split(",")) {
            switch (s.trim()) {
                case "fw" -> p[0] = true;
                case "ig" -> p[1] = true;
                case "wg" -> p[2] = true;
                case "" -> { }
                default -> throw new IllegalArgumentException("zerocost.winograd.parts: unknown part '" + s
                        + "' in '" + list + "'; use any of fw,ig,wg");
            }
        }
        return p;
    }

    static WinogradSetting fromProperties() {
        boolean on = Boolean.parseBoolean(System.getProperty("zerocost.winograd", "true"));
        String floorText = System.getProperty("zerocost.winograd.channels", String.valueOf(DEFAULT_CHANNELS));
        int floor;
        try {
            floor = Integer.parseInt(floorText.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("zerocost.winograd.channels must be a whole number of channels, got '"
                    + floorText + "'");
        }
        return new WinogradSetting(on, floor, parse(System.getProperty("zerocost.winograd.parts", "fw,ig,wg")));
    }

    /**
     * Why the system properties {@code zerocost.winograd.*} were refused (the {@code cpu}
     * backend is then unavailable with this reason), or empty.
     */
    public static java.util.Optional<String> propertyError() {
        return java.util.Optional.ofNullable(PROPERTY_ERROR);
    }

    /** The setting in force. */
    public static WinogradSetting current() {
        return current;
    }

    /** Puts {@code setting} in force for convolutions started after this call. */
    public static void set(WinogradSetting setting) {
        current = java.util.Objects.requireNonNull(setting, "setting");
    }

    /** Whether a convolution with these channels takes Winograd in direction {@code part}. */
    boolean takes(Part part, int cin, int cout) {
        return enabled && parts[part.ordinal()] && Math.min(cin, cout) >= minChannels;
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "off";
        }
        StringBuilder s = new StringBuilder("from " + minChannels + " channels:");
        String[] names = {"fw", "ig", "wg"};
        for (int i = 0; i < 3; i++) {
            if (parts[i]) {
                s.append(' ').append(names[i]);
            }
        }
        return s.toString();
    }
}
