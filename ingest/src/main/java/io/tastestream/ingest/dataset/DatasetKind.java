package io.tastestream.ingest.dataset;

/** Where a dataset came from; decides the {@code source} field of the events replayed from it. */
public enum DatasetKind {
    /** Written by {@code generate-synthetic}: its README.txt starts with "SYNTHETIC". */
    SYNTHETIC("synthetic", "synthetic"),
    /** A HetRec 2011 Last.fm directory (optionally with a plays.tsv of real Last.fm-1K plays). */
    HETREC("hetrec", "lastfm-1k"),
    /** A Last.fm-1K play file on its own, no tags. */
    LASTFM_1K("lastfm-1k", "lastfm-1k");

    private final String tagSource;
    private final String playSource;

    DatasetKind(String tagSource, String playSource) {
        this.tagSource = tagSource;
        this.playSource = playSource;
    }

    /** The {@code source} of item-tags events built from this dataset's tag assignments. */
    public String tagSource() {
        return tagSource;
    }

    /** The {@code source} of play events read from a plays file with real timestamps. */
    public String playSource() {
        return playSource;
    }
}
