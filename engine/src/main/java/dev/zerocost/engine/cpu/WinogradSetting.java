package dev.zerocost.engine.cpu;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;

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
    /** The three directions a setting can enable, with their names in {@code zerocost.winograd.parts}. */
    public enum Part {
        FORWARD("fw"), INPUT_GRAD("ig"), WEIGHT_GRAD("wg");

        private final String code;

        Part(String code) {
            this.code = code;
        }
    }

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

    private final int minChannels;
    /** The enabled directions; none is off. */
    private final EnumSet<Part> parts;

    private WinogradSetting(int minChannels, EnumSet<Part> parts) {
        if (minChannels < 1) {
            throw new IllegalArgumentException("Winograd channel floor (zerocost.winograd.channels) must be >= 1, got " + minChannels);
        }
        this.minChannels = minChannels;
        this.parts = parts;
    }

    /** Off: every convolution takes the direct kernels. */
    public static WinogradSetting off() {
        return new WinogradSetting(DEFAULT_CHANNELS, EnumSet.noneOf(Part.class));
    }

    /** On from {@code minChannels} channels, in the directions listed as {@code fw,ig,wg}. */
    public static WinogradSetting on(int minChannels, String parts) {
        return new WinogradSetting(minChannels, parse(parts));
    }

    private static EnumSet<Part> parse(String list) {
        EnumSet<Part> set = EnumSet.noneOf(Part.class);
        for (String s : list.split(",")) {
            String code = s.trim();
            if (code.isEmpty()) {
                continue;
            }
            Part part = Arrays.stream(Part.values()).filter(p -> p.code.equals(code)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("zerocost.winograd.parts: unknown part '" + s
                            + "' in '" + list + "'; use any of fw,ig,wg"));
            set.add(part);
        }
        return set;
    }

    /** The start-up setting; the floor and parts are checked even when {@code zerocost.winograd=false}. */
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
        WinogradSetting asked = on(floor, System.getProperty("zerocost.winograd.parts", "fw,ig,wg"));
        return on ? asked : off();
    }

    /**
     * Why the system properties {@code zerocost.winograd.*} were refused (the {@code cpu}
     * backend is then unavailable with this reason), or empty.
     */
    public static Optional<String> propertyError() {
        return Optional.ofNullable(PROPERTY_ERROR);
    }

    /** The setting in force. */
    public static WinogradSetting current() {
        return current;
    }

    /** Puts {@code setting} in force for convolutions started after this call. */
    public static void set(WinogradSetting setting) {
        current = Objects.requireNonNull(setting, "setting");
    }

    /** Whether a convolution with these channels takes Winograd in direction {@code part}. */
    boolean takes(Part part, int cin, int cout) {
        return parts.contains(part) && Math.min(cin, cout) >= minChannels;
    }

    @Override
    public String toString() {
        if (parts.isEmpty()) {
            return "off";
        }
        StringBuilder s = new StringBuilder("from " + minChannels + " channels:");
        for (Part p : parts) {
            s.append(' ').append(p.code);
        }
        return s.toString();
    }
}
