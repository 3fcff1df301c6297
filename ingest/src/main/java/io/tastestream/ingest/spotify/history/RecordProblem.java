package io.tastestream.ingest.spotify.history;

/**
 * Why one record (or the rest of a file) could not be imported.
 *
 * @param file   file name as given
 * @param index  0-based record index in the file's array, -1 for a problem with the file as a whole
 * @param field  the offending field, or null when it is about the record or the file
 * @param reason what is wrong, without the value of anything secret (exports hold no secrets, but IP addresses:
 *               values are quoted only for the fields that are read)
 */
public record RecordProblem(String file, int index, String field, String reason) {

    /** The reason without where, for grouping in the summary. */
    public String kind() {
        return (field == null ? "" : "field '" + field + "': ") + reason;
    }

    @Override
    public String toString() {
        return file + (index >= 0 ? " record " + index : "") + (field == null ? "" : " field '" + field + "'")
                + ": " + reason;
    }
}
