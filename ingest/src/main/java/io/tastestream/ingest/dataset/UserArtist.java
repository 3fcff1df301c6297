package io.tastestream.ingest.dataset;

/** A row of {@code user_artists.dat}: how often a user listened to an artist, in total, with no time. */
public record UserArtist(int userId, int artistId, long weight) {}
