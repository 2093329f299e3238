package io.brink.engine.cpu;

import io.brink.engine.device.Device;
import io.brink.engine.device.Precision;
import io.brink.model.Network;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The CPU backend: one {@link Device} per worker thread, and the process-wide ND4J settings it needs. ND4J's
 * thread settings are global, so they are made once, by {@link #configure}, at start-up; the step products
 * (rows × 64 × 256) are too small for a BLAS thread pool to pay off, so with several workers each product
 * runs on one thread.
 */
public final class CpuBackend {

    private static final Logger LOG = LoggerFactory.getLogger(CpuBackend.class);
    private static Integer configuredThreads;

    private CpuBackend() {
    }

    /**
     * Sets the threads ND4J/OpenBLAS may use inside one matrix product, for the whole process. The first
     * call decides; a later call asking for another count is logged and ignored.
     */
    public static synchronized void configure(int blasThreads) {
        if (blasThreads < 1) {
            throw new IllegalArgumentException("BLAS threads must be at least 1, got " + blasThreads);
        }
        if (configuredThreads != null) {
            if (configuredThreads != blasThreads) {
                LOG.warn("ND4J is already set up for {} BLAS thread(s) per product; ignoring a request for {}", configuredThreads,
                        blasThreads);
            }
            return;
        }
        Nd4j.getEnvironment().setMaxMasterThreads(blasThreads);
        Nd4j.getEnvironment().setMaxThreads(blasThreads);
        Nd4j.getBlasWrapper().level3();
        Nd4j.factory().blas().setMaxThreads(blasThreads);
        configuredThreads = blasThreads;
    }

    /** Whether {@link #configure} has run. */
    public static synchronized boolean configured() {
        return configuredThreads != null;
    }

    /** {@code workers} devices for one network. */
    public static List<Device> devices(Network model, Precision precision, int workers) {
        return devices(List.of(model), precision, workers);
    }

    /** {@code workers} devices for a model of these members (one network, or an ensemble), one per worker thread. */
    public static List<Device> devices(List<? extends Network> members, Precision precision, int workers) {
        List<Device> out = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            out.add(new CpuDevice(members, precision));
        }
        return out;
    }

    /** ND4J's backend and the element-wise kernels in use, for logs and benchmark headers. */
    public static String describe() {
        return Nd4j.getBackend().getClass().getSimpleName() + ", " + VectorSupport.describe();
    }

    /**
     * Off-heap bytes of the ND4J buffers the engines of this process hold now: the matrix products' staging
     * buffers and weight matrices, counted where {@code Gemm} allocates and releases them. Bounded per worker by
     * the widths of the model's products times the most rows of any product (rows of a batch times the window
     * length for the recurrence's input projection).
     */
    public static long offHeapBytes() {
        return Gemm.heldBytes();
    }
}
