package io.tastestream.ingest.dataset;

/** A row of {@code artists.dat}. {@code url} and {@code pictureUrl} may be empty. */
public record Artist(int id, String name, String url, String pictureUrl) {}
