package io.brink.engine;

import io.brink.engine.cuda.CudaRuntime;
import io.brink.engine.cuda.CudaUnavailableException;
import io.brink.engine.device.DeviceChoice;
import io.brink.engine.device.Precision;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Device names, and what they resolve to on this machine. */
class DeviceChoiceTest {

    @Test
    void namesParse() {
        assertEquals(new DeviceChoice.Cpu(), DeviceChoice.parse("cpu"));
        assertEquals(new DeviceChoice.AllGpus(), DeviceChoice.parse("CUDA"));
        assertEquals(new DeviceChoice.Gpu(3), DeviceChoice.parse(" cuda:3 "));
        assertEquals(new DeviceChoice.Auto(), DeviceChoice.parse("auto"));
        for (String bad : new String[] {"tpu", "cuda:", "cuda:-1", "cuda:x", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse(bad), bad);
            assertTrue(e.getMessage().contains("cpu, cuda, cuda:N or auto") || e.getMessage().contains("ordinal"), e.getMessage());
        }
        assertEquals("cuda:3", new DeviceChoice.Gpu(3).toString());
        assertTrue(EngineOptions.defaults().onCpu());
    }

    @Test
    void withoutCudaAskingForItFailsInOneLineAndAutoUsesTheCpu() {
        Assumptions.assumeTrue(CudaRuntime.problem().isPresent(), "this machine can use CUDA");
        for (DeviceChoice d : List.of(new DeviceChoice.AllGpus(), new DeviceChoice.Gpu(0))) {
            CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> Devices.resolve(d));
            assertTrue(e.getMessage().startsWith("CUDA was asked for but cannot be used: "), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        assertEquals(List.of(new DeviceChoice.Cpu()), Devices.resolve(new DeviceChoice.Auto()));
        assertThrows(CudaUnavailableException.class, () -> new RobustnessEngine(RandomModels.classifier(io.brink.model.CellType.LSTM, 1, 2,
                4, 2, io.brink.model.Activation.IDENTITY, 1), new EngineOptions(Precision.FLOAT32, 1, 1, new DeviceChoice.AllGpus())));
        assertTrue(CudaRuntime.gpus().isEmpty());
    }

    @Test
    void withCudaEveryGpuIsADevice() {
        Assumptions.assumeTrue(CudaRuntime.problem().isEmpty(), () -> "no usable GPU here: " + CudaRuntime.problem().orElse(""));
        List<DeviceChoice> all = Devices.resolve(new DeviceChoice.AllGpus());
        assertEquals(CudaRuntime.gpus().size(), all.size());
        assertEquals(all, Devices.resolve(new DeviceChoice.Auto()));
        assertThrows(CudaUnavailableException.class, () -> Devices.resolve(new DeviceChoice.Gpu(all.size())));
    }
}
