package io.tastestream.core.dataset;

import java.time.LocalDate;

/** One row of {@code user_taggedartists.dat}: a user put a tag on an artist on a day. */
public record TagAssignment(int userId, int artistId, int tagId, LocalDate date) {}
