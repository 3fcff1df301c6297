package io.tastestream.ingest.spotify.history;

/** Receives what {@link SpotifyHistoryParser} reads from one file, record by record, in file order. */
public interface HistoryVisitor {

    /** A music play (not yet classified as play or skip). */
    void row(HistoryRow row);

    /** A record that is not music (podcast episode, audiobook, video): left out, counted. */
    void excluded(ExcludedKind kind);

    /** A record that cannot be used; the parser goes on with the next record. */
    void rejected(RecordProblem problem);

    /** Every few hundred records: how far into the file the parser is, in bytes. */
    default void progress(long bytesRead) {
    }
}
