package io.tastestream.ingest.spotify.history;

/** Kinds of export records that are not music and are left out of taste. */
public enum ExcludedKind {
    PODCAST, AUDIOBOOK, VIDEO
}
