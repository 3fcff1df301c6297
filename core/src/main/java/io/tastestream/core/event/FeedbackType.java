package io.tastestream.core.event;

/** What a user said about an item. BAN hides it from recommendations until UNBAN. */
public enum FeedbackType {
    LIKE, SKIP, BAN, UNBAN
}
