package io.brink.engine.cuda;

import io.brink.engine.device.Block;

/** A block in one GPU's memory: row r's values at {@code address + r·width·elementBytes}; freed by {@link #close}. */
final class CudaBlock implements Block {

    final Gpu gpu;
    final long address;
    private final int rows;
    private final int width;
    private boolean closed;

    CudaBlock(Gpu gpu, long address, int rows, int width) {
        this.gpu = gpu;
        this.address = address;
        this.rows = rows;
        this.width = width;
    }

    /** The block as this GPU's; refuses a block of another device. */
    static CudaBlock of(Block b, Gpu gpu) {
        if (b instanceof CudaBlock c && c.gpu == gpu) {
            if (c.closed) {
                throw new IllegalStateException("a closed block was handed to cuda:" + gpu.ordinal);
            }
            return c;
        }
        throw new IllegalArgumentException("a block of another device was handed to cuda:" + gpu.ordinal);
    }

    /** Address of row {@code row}. */
    long row(long row) {
        return gpu.offset(address, row * width);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            gpu.bind();
            gpu.free(address);
        }
    }
}
