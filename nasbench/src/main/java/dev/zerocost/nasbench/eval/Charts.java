package dev.zerocost.nasbench.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Writes XChart charts as PNG files, headless (no display needed). */
public final class Charts {
    private Charts() {
    }

    /** Saves the chart to {@code dir/name.png}, creating the folder; returns the file. */
    public static Path savePng(Chart<?, ?> chart, Path dir, String name) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        Path file = dir.resolve(safe(name) + ".png");
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    /** A name reduced to letters, digits, '-', '_' and '.', safe as a file name. */
    static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() ? "chart" : s;
    }
}
