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
        assertEquals("fw from 32, ig from 32, wg from 32 channels", all.toString());
        assertTrue(all.takes(WinogradSetting.Part.WEIGHT_GRAD, 32, 64));
        assertFalse(all.takes(WinogradSetting.Part.FORWARD, 16, 64), "the smaller channel count decides");
        assertEquals(all.toString(), WinogradSetting.fromProperties().toString(), "the default");
        WinogradSetting own = withProperty("zerocost.winograd.parts", "fw,ig,wg:64", WinogradSetting::fromProperties);
        assertEquals("fw from 32, ig from 32, wg from 64 channels", own.toString());
        assertTrue(own.takes(WinogradSetting.Part.INPUT_GRAD, 32, 32));
        assertFalse(own.takes(WinogradSetting.Part.WEIGHT_GRAD, 32, 32), "the weight gradient has its own floor");
        assertTrue(own.takes(WinogradSetting.Part.WEIGHT_GRAD, 64, 64));
        assertFalse(WinogradSetting.off().takes(WinogradSetting.Part.FORWARD, 64, 64));
        WinogradSetting fwOnly = withProperty("zerocost.winograd.parts", "fw", WinogradSetting::fromProperties);
        assertTrue(fwOnly.takes(WinogradSetting.Part.FORWARD, 64, 64));
        assertFalse(fwOnly.takes(WinogradSetting.Part.INPUT_GRAD, 64, 64));
        WinogradSetting disabled = withProperty("zerocost.winograd", "false", WinogradSetting::fromProperties);
        assertEquals("off", disabled.toString());
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
        assertTrue(WinogradSetting.propertyError().isEmpty(), "this JVM started with valid properties");
    }
}
