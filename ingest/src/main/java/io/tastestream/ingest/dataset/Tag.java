package io.tastestream.ingest.dataset;

/** A row of {@code tags.dat}: a free-text Last.fm tag. */
public record Tag(int id, String value) {}
