package dev.zerocost.engine.cpu;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Objects;
import java.util.Optional;

/**
 * Which float32 convolutions of the {@code cpu} backend take Winograd: none, or the 3x3 stride-1
 * padding-1 ones, in two forms. {@link RowWinograd} (F(2, 3) along the rows) takes the forward and
 * the input gradient where the smaller channel count is below a ceiling and the planes suit it;
 * {@link Winograd} F(2x2, 3x3) takes the rest whose smaller channel count reaches a floor, in each
 * of the three directions (forward, input gradient, weight gradient). The start-up value comes from
 * the system properties {@code zerocost.winograd} (default true), {@code zerocost.winograd.channels}
 * (the floor, default {@link #DEFAULT_CHANNELS}), {@code zerocost.winograd.parts} (any of
 * {@code fw,ig,wg}, each optionally with its own floor as {@code wg:64}; default
 * {@link #DEFAULT_PARTS}) and {@code zerocost.winograd.rows} (the row form's ceiling, default
 * {@link #DEFAULT_ROWS_BELOW}; 0 turns it off); {@link #set} changes it at run time, between
 * passes, for in-process A/B timing (WinogradPassProbe in the nasbench tests).
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

    /**
     * The default directions, all from the common floor. A weight-gradient floor of 64
     * ({@code wg:64}) ran whole passes 3-4% slower (docs/PERFORMANCE.md, session 21).
     */
    public static final String DEFAULT_PARTS = "fw,ig,wg";

    /**
     * The default ceiling of the row form. Kernel timings (ConvKernelProbe, docs/PERFORMANCE.md
     * session 23): 0.78-0.83 of the direct or 2-D Winograd time at 16 and 32 channels, even at 64,
     * 1.1x slower than F(2x2, 3x3) at 128, whose 4/9 of the multiply-adds win once its GEMMs are large.
     */
    public static final int DEFAULT_ROWS_BELOW = 64;

    /**
     * The row form's fixed floor: at 4 channels its 1x3 GEMMs (k = 12) ran at half the direct
     * kernel's speed (0.29 against 0.14 ms at [64,4,32,32]); from 8 channels it is the faster one.
     */
    static final int ROWS_FROM = 8;

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

    /** The enabled directions with their channel floors; none is off. */
    private final EnumMap<Part, Integer> floors;
    /** The row form's ceiling: it takes convolutions whose smaller channel count is below it; 0 = never. */
    private final int rowsBelow;

    private WinogradSetting(EnumMap<Part, Integer> floors, int rowsBelow) {
        this.floors = floors;
        this.rowsBelow = rowsBelow;
    }

    /** Off: every convolution takes the direct kernels. */
    public static WinogradSetting off() {
        return new WinogradSetting(new EnumMap<>(Part.class), 0);
    }

    /** This setting with the row form below {@code channels} (0: without the row form). */
    public WinogradSetting withRowsBelow(int channels) {
        if (channels < 0) {
            throw new IllegalArgumentException("the row form's channel ceiling (zerocost.winograd.rows) must be >= 0"
                    + " (0 turns it off), got " + channels);
        }
        return new WinogradSetting(floors, channels);
    }

    /**
     * On from {@code minChannels} channels, in the directions listed as {@code fw,ig,wg}; a
     * direction written {@code wg:64} has its own floor; the row form below
     * {@link #DEFAULT_ROWS_BELOW} channels.
     */
    public static WinogradSetting on(int minChannels, String parts) {
        checkFloor(minChannels, "zerocost.winograd.channels");
        return new WinogradSetting(parse(parts, minChannels), DEFAULT_ROWS_BELOW);
    }

    private static void checkFloor(int floor, String where) {
        if (floor < 1) {
            throw new IllegalArgumentException("Winograd channel floor (" + where + ") must be >= 1, got " + floor);
        }
    }

    private static EnumMap<Part, Integer> parse(String list, int floor) {
        EnumMap<Part, Integer> floors = new EnumMap<>(Part.class);
        for (String s : list.split(",")) {
            String[] item = s.trim().split(":", 2);
            String code = item[0].trim();
            if (code.isEmpty()) {
                continue;
            }
            Part part = Arrays.stream(Part.values()).filter(p -> p.code.equals(code)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("zerocost.winograd.parts: unknown part '" + s
                            + "' in '" + list + "'; use any of fw,ig,wg, each optionally with a floor as wg:64"));
            int own = floor;
            if (item.length == 2) {
                try {
                    own = Integer.parseInt(item[1].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("zerocost.winograd.parts: the floor in '" + s.trim() + "' of '"
                            + list + "' must be a whole number of channels, as in wg:64");
                }
                checkFloor(own, "zerocost.winograd.parts " + s.trim());
            }
            floors.put(part, own);
        }
        return floors;
    }

    /** The start-up setting; the floor and parts are checked even when {@code zerocost.winograd=false}. */
    static WinogradSetting fromProperties() {
        boolean on = Boolean.parseBoolean(System.getProperty("zerocost.winograd", "true"));
        int floor = channels("zerocost.winograd.channels", DEFAULT_CHANNELS, "");
        int rows = channels("zerocost.winograd.rows", DEFAULT_ROWS_BELOW, " (0 turns the row form off)");
        WinogradSetting asked = on(floor, System.getProperty("zerocost.winograd.parts", DEFAULT_PARTS)).withRowsBelow(rows);
        return on ? asked : off();
    }

    /** System property {@code key} as a whole number of channels ({@code fallback} when unset). */
    private static int channels(String key, int fallback, String hint) {
        String text = System.getProperty(key, String.valueOf(fallback));
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number of channels" + hint + ", got '" + text + "'");
        }
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
        Integer floor = floors.get(part);
        return floor != null && Math.min(cin, cout) >= floor;
    }

    /**
     * Whether a forward or input-gradient convolution with these channels takes the row form:
     * its smaller channel count from {@link #ROWS_FROM} up to the ceiling.
     */
    boolean takesRows(int cin, int cout) {
        int c = Math.min(cin, cout);
        return c >= ROWS_FROM && c < rowsBelow;
    }

    @Override
    public String toString() {
        if (floors.isEmpty() && rowsBelow == 0) {
            return "off";
        }
        StringBuilder s = new StringBuilder();
        floors.forEach((p, floor) -> s.append(s.length() == 0 ? "" : ", ").append(p.code).append(" from ").append(floor));
        if (!floors.isEmpty()) {
            s.append(" channels");
        }
        if (rowsBelow > 0) {
            s.append(s.length() == 0 ? "" : "; ").append("rows (fw, ig) from ").append(ROWS_FROM).append(" below ").append(rowsBelow)
                    .append(" channels");
        }
        return s.toString();
    }
}
