package io.brink.engine.cpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Row maps over time-major arrays (T × rows × width; T = 1 for per-window arrays such as logits): picking the mapped
 * rows, placing rows at their mapped positions, and cutting a map into layers of distinct rows.
 */
final class RowMaps {

    private RowMaps() {
    }

    /** Rows {@code idx} of a time-major array of {@code total} rows, as T × idx.length × width (a null idx: the first rows). */
    static double[] pick(double[] a, int total, int[] idx, int width, int steps) {
        int n = idx == null ? total : idx.length;
        double[] r = new double[steps * n * width];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(a, (t * total + (idx == null ? i : idx[i])) * width, r, (t * n + i) * width, width);
            }
        }
        return r;
    }

    /** Rows of a time-major array (T × n × width) placed at their mapped rows of a zeroed T × rows × width array. */
    static double[] scatter(double[] a, int n, int[] map, int width, int steps, int rows) {
        double[] full = new double[steps * rows * width];
        for (int t = 0; t < steps; t++) {
            for (int r = 0; r < n; r++) {
                int to = map == null ? r : map[r];
                System.arraycopy(a, (t * n + r) * width, full, (t * rows + to) * width, width);
            }
        }
        return full;
    }

    /**
     * The positions of a row map cut into layers of distinct rows (the k-th layer: each row's k-th appearance), when
     * running each layer over all {@code rows} costs at most twice the map's own rows (Hutchinson's probes, many per
     * window; Lanczos' active windows, at least half of them); null otherwise, or for a map out of range.
     */
    static List<int[]> layers(int rt, int[] map, int rows) {
        if (map == null || map.length != rt || rt == 0) {
            return null;
        }
        int[] seen = new int[rows];
        int depth = 0;
        for (int m : map) {
            if (m < 0 || m >= rows) {
                return null;
            }
            depth = Math.max(depth, ++seen[m]);
        }
        if ((long) depth * rows > 2L * rt) {
            return null;
        }
        int[] count = new int[depth];
        int[] layerOf = new int[rt];
        Arrays.fill(seen, 0);
        for (int i = 0; i < rt; i++) {
            layerOf[i] = seen[map[i]]++;
            count[layerOf[i]]++;
        }
        List<int[]> layers = new ArrayList<>();
        int[] fill = new int[depth];
        for (int k = 0; k < depth; k++) {
            layers.add(new int[count[k]]);
        }
        for (int i = 0; i < rt; i++) {
            layers.get(layerOf[i])[fill[layerOf[i]]++] = i;
        }
        return layers;
    }
}
