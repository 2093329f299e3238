package io.brink.engine.cuda;

/**
 * A growable array in one GPU's memory (values of the GPU's precision, or raw bytes for index arrays): a pass's cache
 * or scratch space, kept between calls and grown when a call needs more. Its address changes when it grows, so read
 * {@link #address()} after {@link #ensure}.
 */
final class GpuBuffer implements AutoCloseable {

    private final Gpu gpu;
    private final int unitBytes;
    private long address;
    private long capacity;

    /** A buffer of the GPU's values. */
    GpuBuffer(Gpu gpu) {
        this(gpu, gpu.elementBytes);
    }

    /** A buffer of units of {@code unitBytes} bytes (4 for int index arrays, 8 for doubles, 1 for masks). */
    GpuBuffer(Gpu gpu, int unitBytes) {
        this.gpu = gpu;
        this.unitBytes = unitBytes;
    }

    /** Room for {@code units} units (contents are lost when it grows); returns the address. */
    long ensure(long units) {
        if (units > capacity) {
            gpu.free(address);
            long grown = Math.max(units, capacity + capacity / 4);
            address = gpu.allocBytes(grown * unitBytes);
            capacity = grown;
        }
        return address;
    }

    /** Room for {@code units} units, all zero; returns the address. */
    long zeroed(long units) {
        long a = ensure(units);
        gpu.zeroBytes(a, units * unitBytes);
        return a;
    }

    long address() {
        return address;
    }

    @Override
    public void close() {
        gpu.free(address);
        address = 0;
        capacity = 0;
    }
}
