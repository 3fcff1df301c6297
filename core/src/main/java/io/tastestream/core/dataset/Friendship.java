package io.tastestream.core.dataset;

/** One row of {@code user_friends.dat}: a directed pair (the source lists both directions). */
public record Friendship(int userId, int friendId) {}
