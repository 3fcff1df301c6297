package io.tastestream.ingest.dataset;

/** A row of {@code user_friends.dat} (directed; the original lists both directions). */
public record Friendship(int userId, int friendId) {}
