package io.tastestream.core.dataset;

/** One row of {@code user_artists.dat}: how often a user played an artist (aggregated, no time). */
public record UserArtist(int userId, int artistId, long weight) {}
