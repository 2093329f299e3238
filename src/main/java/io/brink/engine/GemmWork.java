package io.brink.engine;

/**
 * Work done in matrix products: their floating-point operations, the time spent inside the products
 * (ND4J/BLAS) and the time spent copying operands between the engine's Java arrays and ND4J's buffers.
 * Counters are cumulative; subtract two readings for the work in between.
 */
public record GemmWork(long flops, long productNanos, long copyNanos) {

    public static final GemmWork NONE = new GemmWork(0, 0, 0);

    public GemmWork plus(GemmWork o) {
        return new GemmWork(flops + o.flops, productNanos + o.productNanos, copyNanos + o.copyNanos);
    }

    public GemmWork minus(GemmWork o) {
        return new GemmWork(flops - o.flops, productNanos - o.productNanos, copyNanos - o.copyNanos);
    }
}
