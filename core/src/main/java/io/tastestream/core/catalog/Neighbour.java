package io.tastestream.core.catalog;

/** An artist listened to by the same people, with cosine similarity in [0, 1]. */
public record Neighbour(String artistKey, double similarity) {}
