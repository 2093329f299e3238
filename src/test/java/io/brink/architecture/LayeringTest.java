package io.brink.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.Architectures;
import io.brink.engine.algorithm.fixture.AlgorithmReachingIntoTheCpu;
import io.brink.engine.cpu.CpuBackend;
import io.brink.model.fixture.ModelReachingIntoTheStream;
import io.brink.stream.BrinkTopology;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Brink's layering, enforced: {@code model → engine → record → {analyze, stream} → metrics → cli}, with
 * {@code contract} (the model contract, over onnx, config and engine) used by the commands alone, and
 * {@code calibration} (plain state, no dependencies) beneath the record, and
 * {@code onnx}, {@code config}, {@code window}, {@code broker}, {@code reload}, {@code demo} and {@code bench} in their places,
 * and inside the engine: the stages ({@code engine.stage}) see only the model, the algorithms and the device interface, beneath
 * the engine's facade; the algorithms see only the device interface, the CPU and CUDA backends implement it, and
 * only the engine's facade (and the commands and benchmarks that set it up) reach the backends. The second test shows the rule
 * fails on a wrong import (fixture classes in the test sources, which the first test does not import).
 */
class LayeringTest {

    static Architectures.LayeredArchitecture layers() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(false)
                .layer("Model").definedBy("io.brink.model..")
                .layer("Onnx").definedBy("io.brink.onnx..")
                .layer("Device").definedBy("io.brink.engine.device..")
                .layer("Algorithm").definedBy("io.brink.engine.algorithm..")
                .layer("Cpu").definedBy("io.brink.engine.cpu..")
                .layer("Cuda").definedBy("io.brink.engine.cuda..")
                .layer("Stage").definedBy("io.brink.engine.stage..")
                .layer("Engine").definedBy("io.brink.engine")
                .layer("Calibration").definedBy("io.brink.calibration..")
                .layer("Record").definedBy("io.brink.record..")
                .layer("Config").definedBy("io.brink.config..")
                .layer("Window").definedBy("io.brink.window..")
                .layer("Analyze").definedBy("io.brink.analyze..")
                .layer("Report").definedBy("io.brink.report..")
                .layer("Stream").definedBy("io.brink.stream..")
                .layer("Broker").definedBy("io.brink.broker..")
                .layer("Reload").definedBy("io.brink.reload..")
                .layer("Metrics").definedBy("io.brink.metrics..")
                .layer("Demo").definedBy("io.brink.demo..")
                .layer("Bench").definedBy("io.brink.bench..")
                .layer("Contract").definedBy("io.brink.contract..")
                .layer("Cli").definedBy("io.brink.cli..")
                .whereLayer("Model").mayNotAccessAnyLayer()
                .whereLayer("Onnx").mayOnlyAccessLayers("Model")
                .whereLayer("Device").mayNotAccessAnyLayer()
                .whereLayer("Algorithm").mayOnlyAccessLayers("Device")
                .whereLayer("Cpu").mayOnlyAccessLayers("Device", "Model")
                .whereLayer("Cuda").mayOnlyAccessLayers("Device", "Model")
                .whereLayer("Stage").mayOnlyAccessLayers("Model", "Device", "Algorithm")
                .whereLayer("Engine").mayOnlyAccessLayers("Model", "Device", "Algorithm", "Stage", "Cpu", "Cuda")
                .whereLayer("Calibration").mayNotAccessAnyLayer()
                .whereLayer("Record").mayOnlyAccessLayers("Model", "Engine", "Stage", "Algorithm", "Calibration")
                .whereLayer("Config").mayOnlyAccessLayers("Device", "Stage", "Calibration")
                .whereLayer("Window").mayOnlyAccessLayers("Model", "Engine", "Record")
                .whereLayer("Analyze").mayOnlyAccessLayers("Model", "Engine", "Stage", "Algorithm", "Device", "Record", "Window", "Calibration")
                .whereLayer("Report").mayOnlyAccessLayers("Model", "Engine", "Stage", "Algorithm", "Record", "Analyze", "Calibration")
                .whereLayer("Stream").mayOnlyAccessLayers("Model", "Engine", "Stage", "Algorithm", "Device", "Record", "Window", "Config",
                        "Calibration")
                .whereLayer("Broker").mayNotAccessAnyLayer()
                .whereLayer("Reload").mayOnlyAccessLayers("Model", "Onnx", "Engine", "Device", "Record", "Config", "Stream")
                .whereLayer("Metrics").mayOnlyAccessLayers("Model", "Engine", "Record", "Config", "Stream", "Calibration")
                .whereLayer("Demo").mayOnlyAccessLayers("Model", "Engine", "Algorithm", "Device", "Record", "Window", "Calibration")
                .whereLayer("Bench").mayOnlyAccessLayers("Model", "Onnx", "Engine", "Stage", "Algorithm", "Device", "Record", "Window", "Config",
                        "Stream", "Broker", "Calibration", "Analyze", "Demo", "Cuda")
                .whereLayer("Contract").mayOnlyAccessLayers("Model", "Onnx", "Engine", "Device", "Config")
                .whereLayer("Contract").mayOnlyBeAccessedByLayers("Cli")
                .whereLayer("Cpu").mayOnlyBeAccessedByLayers("Engine", "Cli")
                .whereLayer("Cuda").mayOnlyBeAccessedByLayers("Engine", "Cli", "Bench");
    }

    @Test
    void brinkKeepsItsLayers() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.brink");
        assertTrue(main.size() > 100, "the production classes were imported: " + main.size());
        layers().check(main);
    }

    @Test
    void aWrongImportFailsTheRule() {
        // Layers may be empty here: only a few classes are imported, so that a violation can only come from their imports.
        ArchRule rule = layers().withOptionalLayers(true);
        EvaluationResult modelIntoStream = rule.evaluate(new ClassFileImporter()
                .importClasses(ModelReachingIntoTheStream.class, BrinkTopology.class));
        assertTrue(modelIntoStream.hasViolation(), "the model package importing the stream must fail");
        assertTrue(modelIntoStream.getFailureReport().toString().contains("ModelReachingIntoTheStream"),
                modelIntoStream.getFailureReport().toString());
        EvaluationResult algorithmIntoCpu = rule.evaluate(new ClassFileImporter()
                .importClasses(AlgorithmReachingIntoTheCpu.class, CpuBackend.class));
        assertTrue(algorithmIntoCpu.hasViolation(), "an algorithm reaching into the CPU kernels must fail");
        assertTrue(algorithmIntoCpu.getFailureReport().toString().contains("AlgorithmReachingIntoTheCpu"),
                algorithmIntoCpu.getFailureReport().toString());
        assertFalse(rule.evaluate(new ClassFileImporter().importClasses(CpuBackend.class, BrinkTopology.class)).hasViolation(),
                "classes that keep the layers pass");
    }
}
