package io.tastestream.core.catalog;

import java.time.Instant;

/**
 * What a catalog artifact is: {@code manifest.json} in its directory.
 *
 * @param format  layout version of the artifact directory
 * @param version unique name of this build, shown in every recommendation made from it
 * @param source  what it was built from (a dataset path, "synthetic seed 42", ...)
 */
public record CatalogManifest(int format, String version, Instant createdAt, String source, int artists,
                              int neighbourPairs) {
    public static final int FORMAT = 1;
}
