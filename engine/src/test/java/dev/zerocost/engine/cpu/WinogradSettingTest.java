package dev.zerocost.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The start-up properties of {@link WinogradSetting}: defaults, choices, and refusals that name the fix. */
class WinogradSettingTest {
    private static <T> T withProperty(String key, String value, Supplier<T> body) {
        String before = System.getProperty(key);
        System.setProperty(key, value);
        try {
            return body.get();
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }

    @Test
    void defaultsAndChoices() {
        WinogradSetting all = WinogradSetting.on(WinogradSetting.DEFAULT_CHANNELS, "fw,ig,wg");
        assertEquals("fw from 32, ig from 32, wg from 32 channels; rows (fw, ig) from 8 below 64 channels", all.toString());
        assertTrue(all.takesRows(16, 32) && all.takesRows(32, 32), "the row form below 64 channels");
        assertFalse(all.takesRows(64, 64), "at 64 channels F(2x2, 3x3)");
        assertFalse(all.takesRows(4, 32), "under 8 channels the direct kernels");
        assertTrue(all.takesRows(8, 8));
        assertTrue(all.takes(WinogradSetting.Part.WEIGHT_GRAD, 32, 64));
        assertFalse(all.takes(WinogradSetting.Part.FORWARD, 16, 64), "the smaller channel count decides");
        assertEquals(all.toString(), WinogradSetting.fromProperties().toString(), "the default");
        WinogradSetting own = withProperty("zerocost.winograd.parts", "fw,ig,wg:64", WinogradSetting::fromProperties);
        assertEquals("fw from 32, ig from 32, wg from 64 channels; rows (fw, ig) from 8 below 64 channels", own.toString());
        assertTrue(own.takes(WinogradSetting.Part.INPUT_GRAD, 32, 32));
        assertFalse(own.takes(WinogradSetting.Part.WEIGHT_GRAD, 32, 32), "the weight gradient has its own floor");
        assertTrue(own.takes(WinogradSetting.Part.WEIGHT_GRAD, 64, 64));
        assertFalse(WinogradSetting.off().takes(WinogradSetting.Part.FORWARD, 64, 64));
        WinogradSetting fwOnly = withProperty("zerocost.winograd.parts", "fw", WinogradSetting::fromProperties);
        assertTrue(fwOnly.takes(WinogradSetting.Part.FORWARD, 64, 64));
        assertFalse(fwOnly.takes(WinogradSetting.Part.INPUT_GRAD, 64, 64));
        WinogradSetting disabled = withProperty("zerocost.winograd", "false", WinogradSetting::fromProperties);
        assertEquals("off", disabled.toString());
        assertFalse(disabled.takesRows(16, 16), "zerocost.winograd=false turns the row form off too");
        WinogradSetting noRows = withProperty("zerocost.winograd.rows", "0", WinogradSetting::fromProperties);
        assertEquals("fw from 32, ig from 32, wg from 32 channels", noRows.toString());
        assertFalse(noRows.takesRows(16, 16));
        WinogradSetting rowsOnly = WinogradSetting.off().withRowsBelow(128);
        assertEquals("rows (fw, ig) from 8 below 128 channels", rowsOnly.toString());
        assertTrue(rowsOnly.takesRows(64, 64));
        assertFalse(rowsOnly.takes(WinogradSetting.Part.FORWARD, 64, 64));
    }

    @Test
    void malformedPropertiesAreRefusedByName() {
        IllegalArgumentException parts = assertThrows(IllegalArgumentException.class,
                () -> withProperty("zerocost.winograd.parts", "fw,xx", WinogradSetting::fromProperties));
        assertTrue(parts.getMessage().contains("zerocost.winograd.parts") && parts.getMessage().contains("fw,ig,wg"),
                parts.getMessage());
        IllegalArgumentException own = assertThrows(IllegalArgumentException.class,
                () -> withProperty("zerocost.winograd.parts", "fw,wg:x", WinogradSetting::fromProperties));
        assertTrue(own.getMessage().contains("wg:x") && own.getMessage().contains("wg:64"), own.getMessage());
        IllegalArgumentException ownZero = assertThrows(IllegalArgumentException.class,
                () -> withProperty("zerocost.winograd.parts", "wg:0", WinogradSetting::fromProperties));
        assertTrue(ownZero.getMessage().contains(">= 1") && ownZero.getMessage().contains("wg:0"), ownZero.getMessage());
        IllegalArgumentException floor = assertThrows(IllegalArgumentException.class,
                () -> withProperty("zerocost.winograd.channels", "abc", WinogradSetting::fromProperties));
        assertTrue(floor.getMessage().contains("zerocost.winograd.channels"), floor.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> withProperty("zerocost.winograd.channels", "0", WinogradSetting::fromProperties));
        assertTrue(zero.getMessage().contains(">= 1"), zero.getMessage());
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> withProperty("zerocost.winograd.rows", "many", WinogradSetting::fromProperties));
        assertTrue(rows.getMessage().contains("zerocost.winograd.rows") && rows.getMessage().contains("'many'"),
                rows.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> withProperty("zerocost.winograd.rows", "-1", WinogradSetting::fromProperties));
        assertTrue(negative.getMessage().contains(">= 0") && negative.getMessage().contains("-1"), negative.getMessage());
        assertTrue(WinogradSetting.propertyError().isEmpty(), "this JVM started with valid properties");
    }
}
