package io.tastestream.core.event;

import com.fasterxml.jackson.annotation.JsonAutoDetect;

/**
 * An artist, or a track of an artist. Items are keyed by normalised names (see {@link Names}): sources rarely share
 * ids (Last.fm MBIDs are often empty, Spotify ids are Spotify's own), but they agree on names.
 *
 * @param artist artist name as the source spells it
 * @param track  track name, or null for the artist itself
 */
// isArtist() is not a JSON property: it would collide with the 'artist' field
@JsonAutoDetect(isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public record ItemRef(String artist, String track) {
    public ItemRef {
        Check.notBlank(artist, "artist");
        if (track != null && track.isBlank()) {
            track = null;
        }
    }

    public static ItemRef artist(String artist) {
        return new ItemRef(artist, null);
    }

    public boolean isArtist() {
        return track == null;
    }

    public String artistKey() {
        return Names.key(artist);
    }

    /** The key of this item on the item-tags topic: {@code artist} or {@code artist\u001ftrack}, normalised. */
    public String key() {
        return isArtist() ? artistKey() : artistKey() + '\u001f' + Names.key(track);
    }
}
