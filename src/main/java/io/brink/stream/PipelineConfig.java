package io.brink.stream;

import java.util.List;

/**
 * Settings of the streaming pipeline (everything but Kafka client properties).
 *
 * @param windowLength      T; null = the model card's
 * @param stride            a window every this many points of a series
 * @param graceMs           how far behind a series' latest ts a point may arrive and still be placed
 * @param batchSize         windows scored together at most
 * @param flushIntervalMs   pending windows are scored at least this often (wall clock)
 * @param tier1MarginBelow  tier 0 flags a window whose margin is below this
 * @param tier1DistanceBelow tier 0 flags a window whose linear distance is below this
 * @param tier1Every        every Nth window of a series gets tier 1 regardless (0 = never)
 * @param tier1MaxPending   compute budget: tier-1 windows waiting at most (flagged ones first; past it, selections are skipped)
 * @param tier1BatchSize    tier-1 windows profiled together at most
 * @param tier1FlushIntervalMs tier-1 windows wait at most this long for a fuller batch
 * @param tier1Tolerance    Lanczos residual tolerance for tier 1
 * @param tier1MaxHvp       Hessian-vector products per tier-1 window at most
 * @param tier1Attack       run the verified attack in tier 1
 * @param tier1AttackSteps  attack linearization steps
 * @param accuracyBuckets   upper edges of the robustness buckets (by distance_linear) for online accuracy
 * @param predictionRetentionMs how long a prediction waits for its outcome and an outcome for its prediction (event time;
 *                          the join's state holds this much of every series' windows)
 * @param partitions        partitions of topics the pipeline creates
 * @param replication       replication factor of topics the pipeline creates
 * @param streamThreads     Kafka Streams threads (each takes a share of the partitions)
 */
public record PipelineConfig(String applicationId, Topics topics, Integer windowLength, int stride, long graceMs,
                             int batchSize, long flushIntervalMs, double tier1MarginBelow, double tier1DistanceBelow,
                             int tier1Every, int tier1MaxPending, int tier1BatchSize, long tier1FlushIntervalMs,
                             double tier1Tolerance, int tier1MaxHvp,
                             boolean tier1Attack, int tier1AttackSteps, double[] accuracyBuckets,
                             long predictionRetentionMs, List<AlertRule> rules, int partitions, short replication,
                             int streamThreads) {

    public PipelineConfig {
        if (stride < 1 || batchSize < 1 || flushIntervalMs < 1 || graceMs < 0 || tier1MaxPending < 0 || tier1Every < 0
                || tier1BatchSize < 1 || tier1FlushIntervalMs < 1) {
            throw new IllegalArgumentException("stride, batch.size, batch.flush.ms must be positive; grace, tier1 settings non-negative");
        }
        if (predictionRetentionMs < 1) {
            throw new IllegalArgumentException("predictions.retention.ms must be at least 1, got " + predictionRetentionMs);
        }
        rules = List.copyOf(rules);
        accuracyBuckets = accuracyBuckets.clone();
    }

    /** Name of the robustness bucket for a linear distance. */
    public String bucketOf(Double distance) {
        if (distance == null) {
            return "unknown";
        }
        double lo = 0;
        for (double edge : accuracyBuckets) {
            if (distance < edge) {
                return fmt(lo) + "-" + fmt(edge);
            }
            lo = edge;
        }
        return ">=" + fmt(lo);
    }

    /** All bucket names in order. */
    public List<String> bucketNames() {
        List<String> names = new java.util.ArrayList<>();
        double lo = 0;
        for (double edge : accuracyBuckets) {
            names.add(fmt(lo) + "-" + fmt(edge));
            lo = edge;
        }
        names.add(">=" + fmt(lo));
        return names;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    public PipelineConfig withWindowLength(Integer t) {
        return new PipelineConfig(applicationId, topics, t, stride, graceMs, batchSize, flushIntervalMs, tier1MarginBelow,
                tier1DistanceBelow, tier1Every, tier1MaxPending, tier1BatchSize, tier1FlushIntervalMs, tier1Tolerance, tier1MaxHvp, tier1Attack, tier1AttackSteps,
                accuracyBuckets, predictionRetentionMs, rules, partitions, replication, streamThreads);
    }
}
