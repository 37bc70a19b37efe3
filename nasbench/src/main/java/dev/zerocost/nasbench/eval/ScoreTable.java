package dev.zerocost.nasbench.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Proxy scores per arch, as read from one or more {@code zerocost score} JSONL files: arch string
 * (canonical form) to proxy name to score, NaN where a proxy failed or gave null. Proxies keep the
 * order in which they were first seen.
 */
public final class ScoreTable {
    private final Map<String, Map<String, Double>> byArch = new LinkedHashMap<>();
    private final Set<String> proxies = new LinkedHashSet<>();
    private final List<String> notes = new ArrayList<>();
    private final Set<String> datasets = new LinkedHashSet<>();

    /** Records a score; a later value for the same arch and proxy replaces the earlier one. */
    public void put(String arch, String proxy, double score) {
        byArch.computeIfAbsent(arch, a -> new LinkedHashMap<>()).put(proxy, score);
        proxies.add(proxy);
    }

    /** Marks an arch as present even if it has no scores yet. */
    public boolean addArch(String arch) {
        boolean seen = byArch.containsKey(arch);
        byArch.computeIfAbsent(arch, a -> new LinkedHashMap<>());
        return seen;
    }

    /** The score of an arch for a proxy, NaN when absent. */
    public double score(String arch, String proxy) {
        Map<String, Double> scores = byArch.get(arch);
        Double s = scores == null ? null : scores.get(proxy);
        return s == null ? Double.NaN : s;
    }

    public List<String> archs() {
        return List.copyOf(byArch.keySet());
    }

    public List<String> proxies() {
        return List.copyOf(proxies);
    }

    /** The dataset the records name ({@code "dataset"} field), or null when none or several. */
    public String dataset() {
        return datasets.size() == 1 ? datasets.iterator().next() : null;
    }

    void dataset(String recordDataset) {
        datasets.add(recordDataset);
    }

    /** Things worth telling the user about the input (duplicates, a truncated last line). */
    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    void note(String note) {
        notes.add(note);
    }
}
