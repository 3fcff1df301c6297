package io.tastestream.core.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tastestream.core.serde.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Catalog artifacts on disk. A catalog root holds one directory per version and a {@code CURRENT} file naming the
 * one to serve, switched atomically, so a reader never sees half a catalog:
 * <pre>
 * root/CURRENT                      "catalog-20261125-083000-1a2b3c"
 * root/catalog-…/manifest.json      {@link CatalogManifest}
 * root/catalog-…/artists.jsonl      one {@link CatalogArtist} per line
 * root/catalog-…/neighbours.jsonl   {"artist": key, "neighbours": [{artistKey, similarity}…]} per line
 * root/catalog-…/ease.jsonl         {"artist": key, "diagonal": P[j,j], "keys": […], "weights": […]} per line
 *                                   (format 2, optional: the largest EASE weights B[artist, ·], see {@link EaseWeights})
 * </pre>
 * Format 1 catalogs (no {@code ease.jsonl}) still load, without EASE weights.
 */
public final class CatalogStore {
    private static final String CURRENT = "CURRENT";
    private static final String MANIFEST = "manifest.json";
    private static final String ARTISTS = "artists.jsonl";
    private static final String NEIGHBOURS = "neighbours.jsonl";
    private static final String EASE = "ease.jsonl";

    private CatalogStore() {}

    /** Writes the catalog as a new version under root and makes it current. Returns its directory. */
    public static Path write(Catalog catalog, Path root) throws IOException {
        Path dir = root.resolve(catalog.version());
        Files.createDirectories(dir);
        var mapper = Json.mapper();
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(ARTISTS), StandardCharsets.UTF_8)) {
            for (CatalogArtist a : catalog.artists()) {
                w.write(mapper.writeValueAsString(a));
                w.newLine();
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(NEIGHBOURS), StandardCharsets.UTF_8)) {
            for (var e : catalog.allNeighbours().entrySet()) {
                w.write(mapper.writeValueAsString(new NeighbourLine(e.getKey(), e.getValue())));
                w.newLine();
            }
        }
        if (catalog.hasEase()) {
            try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(EASE), StandardCharsets.UTF_8)) {
                for (var e : catalog.allEase().entrySet()) {
                    EaseWeights row = e.getValue();
                    w.write(mapper.writeValueAsString(new EaseLine(e.getKey(), row.diagonal(), row.keys(),
                            row.weights())));
                    w.newLine();
                }
            }
        }
        mapper.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(MANIFEST).toFile(), catalog.manifest());
        Path tmp = root.resolve(CURRENT + ".tmp");
        Files.writeString(tmp, catalog.version() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return dir;
    }

    /** The directory of the current version under root, or root itself when it is a version directory. */
    public static Path currentDir(Path root) {
        if (Files.exists(root.resolve(MANIFEST))) {
            return root;
        }
        Path current = root.resolve(CURRENT);
        if (!Files.exists(current)) {
            throw new IllegalArgumentException("no catalog at " + root + ": neither " + MANIFEST + " nor " + CURRENT
                    + " found (build one with `tastestream build-catalog`)");
        }
        try {
            return root.resolve(Files.readString(current, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + current, e);
        }
    }

    /** Reads the current catalog under root (or the version directory root). Errors name the file and line. */
    public static Catalog read(Path root) throws IOException {
        Path dir = currentDir(root);
        var mapper = Json.mapper();
        CatalogManifest manifest = mapper.readValue(dir.resolve(MANIFEST).toFile(), CatalogManifest.class);
        if (manifest.format() < CatalogManifest.OLDEST_READABLE || manifest.format() > CatalogManifest.FORMAT) {
            throw new IllegalArgumentException(dir.resolve(MANIFEST) + ": catalog format " + manifest.format()
                    + " is not supported (this build reads " + CatalogManifest.OLDEST_READABLE + " to "
                    + CatalogManifest.FORMAT + ")");
        }
        List<CatalogArtist> artists = readLines(dir.resolve(ARTISTS), new TypeReference<CatalogArtist>() {});
        Map<String, List<Neighbour>> neighbours = new LinkedHashMap<>();
        for (NeighbourLine line : readLines(dir.resolve(NEIGHBOURS), new TypeReference<NeighbourLine>() {})) {
            neighbours.put(line.artist(), line.neighbours());
        }
        Map<String, EaseWeights> ease = new LinkedHashMap<>();
        Path easeFile = dir.resolve(EASE);
        if (Files.exists(easeFile)) {
            for (EaseLine line : readLines(easeFile, new TypeReference<EaseLine>() {})) {
                try {
                    ease.put(line.artist(), new EaseWeights(line.diagonal(), line.keys(), line.weights()));
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw new IOException(easeFile + ": artist " + line.artist() + ": " + e.getMessage(), e);
                }
            }
        }
        return new Catalog(manifest, artists, neighbours, ease);
    }

    private static <T> List<T> readLines(Path file, TypeReference<T> type) throws IOException {
        List<T> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(Json.mapper().readValue(line, type));
                } catch (IOException | IllegalArgumentException e) {
                    throw new IOException(file + ":" + n + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    record NeighbourLine(String artist, List<Neighbour> neighbours) {}

    /** Keys and weights as two arrays: a third of the bytes of one object per weight. */
    record EaseLine(String artist, double diagonal, List<String> keys, float[] weights) {}
}
