package io.tastestream.core.catalog;

import java.time.Instant;

/**
 * What a catalog artifact is: {@code manifest.json} in its directory.
 *
 * @param format  layout version of the artifact directory
 * @param version unique name of this build, shown in every recommendation made from it
 * @param source  what it was built from (a dataset path, "synthetic seed 42", ...)
 * @param easeWeights how many EASE item-item weights {@code ease.jsonl} holds (0: none; format 1 never has any)
 * @param easeLambda  the EASE model's L2 regularisation, 0 when there is none
 * @param easeDropout the EASE model's dropout emphasis (EDLAE's p; 0: plain EASE, and in manifests written before it)
 */
public record CatalogManifest(int format, String version, Instant createdAt, String source, int artists,
                              int neighbourPairs, int easeWeights, double easeLambda, double easeDropout) {
    /** 2 added {@code ease.jsonl} (optional); 1 is read as a catalog without EASE weights. */
    public static final int FORMAT = 2;
    public static final int OLDEST_READABLE = 1;

    public CatalogManifest(int format, String version, Instant createdAt, String source, int artists,
                           int neighbourPairs) {
        this(format, version, createdAt, source, artists, neighbourPairs, 0, 0, 0);
    }

    public CatalogManifest(int format, String version, Instant createdAt, String source, int artists,
                           int neighbourPairs, int easeWeights, double easeLambda) {
        this(format, version, createdAt, source, artists, neighbourPairs, easeWeights, easeLambda, 0);
    }
}
