package io.brink.engine.device;

/**
 * Work a device did in matrix products: their floating-point operations (FLOP), the time spent inside
 * the products (ns; BLAS on the CPU) and the time spent copying their operands in and out (ns; between
 * Java arrays and ND4J's buffers on the CPU). Counters are cumulative; subtract two readings for the work
 * in between.
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
