package io.tastestream.ingest.dataset;

import java.time.LocalDate;

/** A row of {@code user_taggedartists.dat}: a user put a tag on an artist on a day (day precision only). */
public record TagAssignment(int userId, int artistId, int tagId, LocalDate date) {}
