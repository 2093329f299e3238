package io.brink.engine.cpu;

import io.brink.engine.device.Block;

/** A block in a Java array: row r's values at {@code data[r·width ..]}. */
record CpuBlock(double[] data, int rows, int width) implements Block {

    CpuBlock {
        if (data.length < rows * width) {
            throw new IllegalArgumentException("a block of " + rows + " × " + width + " needs " + rows * width + " values");
        }
    }

    static CpuBlock of(Block b) {
        if (b instanceof CpuBlock c) {
            return c;
        }
        throw new IllegalArgumentException("a block of another device was handed to the CPU device");
    }

    @Override
    public void close() {
        // the garbage collector frees Java arrays
    }
}
