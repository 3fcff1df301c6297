package io.tastestream.ingest.fake.spotify;

/** A track as the fake Spotify serves it. Ids are derived from the names, so they are stable across runs. */
public record FakeTrack(String artist, String track, String album, long durationMs) {

    public FakeTrack {
        if (artist == null || artist.isBlank() || track == null || track.isBlank()) {
            throw new IllegalArgumentException("a fake track needs an artist and a name");
        }
        if (album == null || album.isBlank()) {
            album = track;
        }
        if (durationMs <= 0) {
            durationMs = 180_000;
        }
    }

    public static FakeTrack of(String artist, String track) {
        return new FakeTrack(artist, track, null, 0);
    }

    /** The track's URI, {@code spotify:track:<id>}, as the fake Web API reports it. */
    public String uri() {
        return "spotify:track:" + trackId();
    }

    String trackId() {
        return id("t", artist + "\u001f" + track);
    }

    String artistId() {
        return id("a", artist);
    }

    String albumId() {
        return id("b", artist + "\u001f" + album);
    }

    /** 22 base-62-ish characters like Spotify's ids; deterministic. */
    private static String id(String salt, String basis) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        long h1 = (salt + basis).hashCode() * 0x9E3779B97F4A7C15L;
        long h2 = (basis + salt).hashCode() * 0xC2B2AE3D27D4EB4FL;
        StringBuilder sb = new StringBuilder(22);
        for (int i = 0; i < 22; i++) {
            long h = i < 11 ? h1 : h2;
            sb.append(alphabet.charAt((int) Math.floorMod(h >>> ((i % 11) * 5), 62L)));
        }
        return sb.toString();
    }
}
