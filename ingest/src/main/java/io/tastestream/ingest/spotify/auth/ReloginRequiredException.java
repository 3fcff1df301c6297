package io.tastestream.ingest.spotify.auth;

/** Spotify refused the user's refresh token (invalid_grant): only a new login helps. */
public final class ReloginRequiredException extends Exception {
    private final String user;

    public ReloginRequiredException(String user, String reason) {
        super("Spotify user '" + user + "' must log in again (" + reason + "): run 'tastestream spotify login --user "
                + user + "'");
        this.user = user;
    }

    public String user() {
        return user;
    }
}
