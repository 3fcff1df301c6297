package io.tastestream.ingest.synthetic;

/**
 * What to generate. The same settings always give byte-identical output.
 *
 * @param users        listeners, named synthetic-01, synthetic-02, ...
 * @param seed         everything random derives from it, including the reference instant
 * @param playsPerUser plays per listener in plays.tsv
 * @param artists      catalog size, spread evenly over the genres
 * @param days         the plays fall in the {@code days} days before the reference instant
 */
public record SyntheticSettings(int users, long seed, int playsPerUser, int artists, int days) {

    public static final int DEFAULT_USERS = 30;
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_PLAYS_PER_USER = 200;
    public static final int DEFAULT_ARTISTS = 300;
    public static final int DEFAULT_DAYS = 60;

    public SyntheticSettings {
        if (users < 1) {
            throw new IllegalArgumentException("users must be at least 1, was " + users);
        }
        if (playsPerUser < 1) {
            throw new IllegalArgumentException("plays per user must be at least 1, was " + playsPerUser);
        }
        if (artists < Genres.ALL.size()) {
            throw new IllegalArgumentException("artists must be at least " + Genres.ALL.size()
                    + " (one per genre), was " + artists);
        }
        if (days < 2) {
            throw new IllegalArgumentException("days must be at least 2, was " + days);
        }
    }

    public static SyntheticSettings defaults() {
        return new SyntheticSettings(DEFAULT_USERS, DEFAULT_SEED, DEFAULT_PLAYS_PER_USER, DEFAULT_ARTISTS,
                DEFAULT_DAYS);
    }

    public SyntheticSettings withUsers(int n) {
        return new SyntheticSettings(n, seed, playsPerUser, artists, days);
    }

    public SyntheticSettings withSeed(long s) {
        return new SyntheticSettings(users, s, playsPerUser, artists, days);
    }

    public SyntheticSettings withPlaysPerUser(int n) {
        return new SyntheticSettings(users, seed, n, artists, days);
    }

    public SyntheticSettings withArtists(int n) {
        return new SyntheticSettings(users, seed, playsPerUser, n, days);
    }
}
