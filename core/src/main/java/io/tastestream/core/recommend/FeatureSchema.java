package io.tastestream.core.recommend;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The named features a ranker reads, in order, with a version. A trained model records its schema so that whoever
 * loads it builds feature vectors in exactly the order it was trained on; a candidate feature the schema does not
 * name is ignored, and a schema feature no generator set reads 0.
 */
public record FeatureSchema(String version, List<String> names) {
    public FeatureSchema {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("feature schema needs a version");
        }
        names = List.copyOf(names);
        if (names.isEmpty() || names.stream().distinct().count() != names.size()
                || names.stream().anyMatch(n -> n == null || n.isBlank())) {
            throw new IllegalArgumentException("feature schema " + version
                    + ": names must be non-blank, distinct and at least one, were " + names);
        }
    }

    public int size() {
        return names.size();
    }

    public int indexOf(String name) {
        return names.indexOf(name);
    }

    /** Where each of {@code part}'s features sits in this schema; refuses a feature this schema lacks. */
    public int[] columnsOf(FeatureSchema part) {
        int[] columns = new int[part.size()];
        for (int j = 0; j < columns.length; j++) {
            columns[j] = indexOf(part.names().get(j));
            if (columns[j] < 0) {
                throw new IllegalArgumentException("schema " + version + " lacks " + part.names().get(j) + ", which "
                        + part.version() + " reads");
            }
        }
        return columns;
    }

    /** Rows of this schema's features as rows of {@code part}'s (a subset of them, in its order). */
    public double[][] project(FeatureSchema part, double[][] rows) {
        return select(columnsOf(part), rows);
    }

    /** Each row's values at {@code columns}, in that order. */
    public static double[][] select(int[] columns, double[][] rows) {
        double[][] out = new double[rows.length][columns.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < columns.length; j++) {
                out[i][j] = rows[i][columns[j]];
            }
        }
        return out;
    }

    /** The candidate's features in schema order. */
    public double[] vector(Candidate candidate) {
        double[] v = new double[names.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = candidate.feature(names.get(i));
        }
        return v;
    }

    /** Per-feature contributions (schema order, optionally followed by a bias) as a map by name, bias left out. */
    public Map<String, Double> byName(double[] contributions) {
        Map<String, Double> out = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), contributions[i]);
        }
        return out;
    }
}
