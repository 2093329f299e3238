package io.brink.model;

import java.util.List;

/**
 * Where a model's card came from, in reading order (later ones override earlier fields): e.g. "metadata_props",
 * "sidecar a.card.json", "manifest ens.json", "metadata_props of 5 members", "command line". Empty: no card was found.
 */
public record CardOrigin(List<String> sources) {

    public CardOrigin {
        sources = List.copyOf(sources);
    }

    /** No card. */
    public static CardOrigin none() {
        return new CardOrigin(List.of());
    }

    /** True when some card was read. */
    public boolean present() {
        return !sources.isEmpty();
    }

    /** This origin with {@code source} read after it (duplicates kept once). */
    public CardOrigin then(String source) {
        if (sources.contains(source)) {
            return this;
        }
        List<String> s = new java.util.ArrayList<>(sources);
        s.add(source);
        return new CardOrigin(s);
    }

    /** "card from metadata_props + sidecar a.json", or "no card". */
    public String describe() {
        return present() ? "card from " + String.join(" + ", sources) : "no card";
    }
}
