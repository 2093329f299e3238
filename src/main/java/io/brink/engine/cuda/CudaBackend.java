package io.brink.engine.cuda;

import io.brink.engine.device.Device;
import io.brink.engine.device.Precision;
import io.brink.model.Network;
import io.brink.model.SequenceClassifier;

import java.util.ArrayList;
import java.util.List;

/** The CUDA backend: one {@link CudaDevice} per GPU the engine runs on. */
public final class CudaBackend {

    private CudaBackend() {
    }

    /**
     * One device on each GPU of {@code ordinals} for a model of these members (one network, or an ensemble); throws an
     * IllegalStateException with a one-line reason when CUDA or a GPU cannot be used.
     */
    public static List<Device> devices(List<? extends Network> networks, Precision precision, List<Integer> ordinals) {
        List<SequenceClassifier> members = new ArrayList<>();
        for (Network n : networks) {
            if (!(n instanceof SequenceClassifier s)) {
                String ops = n instanceof io.brink.model.graph.Graph g ? String.join(", ", g.opTypes()) : n.describe();
                throw new IllegalStateException("the model is a graph of ops (" + ops + "), and Brink's CUDA device runs only the "
                        + "fused recurrent classifier (recurrent layers, last step, dense head) so far: run it with --device cpu");
            }
            members.add(s);
        }
        List<Device> out = new ArrayList<>(ordinals.size());
        try {
            for (int ordinal : ordinals) {
                out.add(new CudaDevice(new Gpu(ordinal, precision), members));
            }
        } catch (RuntimeException e) {
            out.forEach(Device::close);
            throw e;
        }
        return out;
    }

    /** The GPUs of {@code ordinals}, for logs and benchmark headers. */
    public static String describe(List<Integer> ordinals) {
        List<CudaRuntime.GpuInfo> gpus = CudaRuntime.gpus();
        List<String> names = new ArrayList<>();
        for (int o : ordinals) {
            names.add(o < gpus.size() ? gpus.get(o).toString() : "cuda:" + o);
        }
        return String.join(", ", names);
    }
}
