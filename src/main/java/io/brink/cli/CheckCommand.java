package io.brink.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.brink.analyze.PointFileReader;
import io.brink.contract.ContractResolver;
import io.brink.contract.ModelContract;
import io.brink.engine.EngineOptions;
import io.brink.engine.device.DeviceChoice;
import io.brink.model.SequenceClassifier;
import io.brink.model.UncertaintyMethod;
import io.brink.onnx.MappingProblem;
import io.brink.onnx.UnsupportedModelException;
import io.brink.record.Json;
import io.brink.record.Point;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code brink check}: loads and resolves a model exactly as the other commands do and says what Brink will do with it —
 * or every reason it cannot — without scoring anything. Exit 0 (ok), 1 (model or points refused), 2 (usage).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a model (and optionally a points file) against Brink without scoring: prints the resolved model "
                + "contract (card and where it came from, window length, features, classes, normalization, uncertainty, device), "
                + "the architecture and what each stage will compute; for a model Brink cannot map, every node it cannot map, root "
                + "causes first, with what to change in PyTorch where that is known.",
                "Exit status: 0 ok, 1 the model or the points do not fit, 2 usage error. --json prints one JSON object for CI."})
public final class CheckCommand implements Callable<Integer> {

    /** Points lines read by --points at most. */
    static final int POINT_LINES = 1000;

    @Option(names = "--model", required = true, description = "ONNX model file, ensemble manifest (*.json) or directory of members")
    Path model;

    @Option(names = "--points", description = "also check the first " + POINT_LINES + " lines of this points file against the "
            + "contract (format, feature names and count, timestamps)")
    Path points;

    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Mixin
    ModelMixin modelOptions;

    @Mixin
    EngineMixin engineOptions;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The resolved contract as JSON. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record Contract(String name, String version, String card, @JsonProperty("card_sources") List<String> cardSources,
                    @JsonProperty("window_length") int windowLength, @JsonProperty("window_from") String windowFrom,
                    List<String> features, @JsonProperty("feature_names") Optional<List<String>> featureNames,
                    @JsonProperty("class_names") List<String> classNames, boolean normalization, String uncertainty, String device,
                    String precision, List<String> architecture, List<String> stages) {
    }

    /** What the points check found. */
    record PointsCheck(String file, @JsonProperty("lines_read") long linesRead, int points, int series,
                       @JsonProperty("bad_lines") List<String> badLines, String columns, List<String> problems) {
    }

    /** The whole answer. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record Result(String status, String model, Optional<Contract> contract, Optional<String> refusal, List<MappingProblem> problems,
                  Optional<PointsCheck> points) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Result result;
        try {
            EngineOptions options = engineOptions.options();
            ModelContract c = ContractResolver.resolve(modelOptions.request(model, Optional.empty(),
                    List.of(engineOptions.uncertaintyOverride())), options);
            Optional<PointsCheck> pc = points == null ? Optional.empty() : Optional.of(checkPoints(c));
            boolean ok = pc.map(p -> p.problems().isEmpty()).orElse(true);
            result = new Result(ok ? "ok" : "points_refused", model.toString(), Optional.of(contract(c)), Optional.empty(), List.of(), pc);
        } catch (UnsupportedModelException e) {
            result = new Result("model_refused", model.toString(), Optional.empty(), Optional.of(e.getMessage()), e.problems(),
                    Optional.empty());
        }
        if (json) {
            out.println(Json.mapper().writeValueAsString(result));
        } else {
            text(result, out);
        }
        out.flush();
        return result.status().equals("ok") ? 0 : 1;
    }

    private static Contract contract(ModelContract c) {
        List<String> architecture = new ArrayList<>();
        List<? extends io.brink.model.Network> members = c.model().members();
        for (int m = 0; m < members.size(); m++) {
            architecture.add((members.size() > 1 ? "member " + (m + 1) + ": " : "") + members.get(m).describe());
        }
        List<String> features = c.featureNames().orElseGet(() -> java.util.stream.IntStream.range(0, c.featureCount())
                .mapToObj(i -> "#" + i).toList());
        return new Contract(c.model().name(), c.model().version(), c.card().describe(), c.card().sources(), c.windowLength(),
                c.windowFrom(), features, c.featureNames(), c.classNames(), c.normalized(), c.uncertainty().name(),
                c.device().toString(), c.engine().precision().toString(), architecture, stages(c));
    }

    /** What each stage computes for this model, in words. */
    static List<String> stages(ModelContract c) {
        int d = c.featureCount() * c.windowLength();
        List<String> s = new ArrayList<>();
        s.add("forward: logits of " + c.classNames().size() + " classes and the margin (top logit minus runner-up) on windows of "
                + c.windowLength() + " × " + c.featureCount() + " = " + d + " " + (c.normalized() ? "normalized" : "raw") + " values");
        s.add("gradient: ∇ of the margin over the " + d + " inputs (reverse mode)");
        s.add("curvature: top eigenpair of the margin's input Hessian by Lanczos on exact Hessian-vector products (forward over reverse)");
        s.add("hutchinson: ‖H‖_F estimated from Rademacher probes");
        s.add("estimates: first- and second-order Taylor distances to the boundary (estimates, not guarantees)");
        s.add("attack: minimal-norm attack whose flips are verified by a forward pass (attack_distance, a true upper bound)");
        s.add("pgd: L2 PGD at fixed radii, on request (--pgd-radii); its verified flips also shorten the attack");
        s.add("certified: " + io.brink.engine.stage.CertifiedStage.refusal(c.model().members(), c.windowLength())
                .map(why -> "refused for this model — " + why.replaceFirst("^certified radius: ", ""))
                .orElse("a proven lower bound of the distance to the boundary (linear bounds, L2 and L∞), on request (--certify; "
                        + "report samples it)"));
        s.add("random directions: flip probability at the given radii, with Wilson intervals");
        UncertaintyMethod u = c.uncertainty();
        s.add("uncertainty: " + u.name() + (u.members() > 1 ? " over " + u.members() + " " + (u instanceof UncertaintyMethod.Ensemble
                ? "members" : "passes") + " (mutual information, expected entropy, disagreement)" : " (one deterministic model: entropy only)"));
        s.add("conformal: adaptive prediction sets over the " + c.classNames().size() + " classes, calibrated by live outcomes");
        if (!(c.device() instanceof DeviceChoice.Cpu)) {
            s.add("device: " + c.device() + " (resolved when an engine starts)");
        }
        return s;
    }

    private PointsCheck checkPoints(ModelContract c) throws IOException {
        List<String> problems = new ArrayList<>();
        PointFileReader.Contents contents;
        try {
            contents = PointFileReader.read(points, c.featureNames(), POINT_LINES);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return new PointsCheck(points.toString(), 0, 0, 0, List.of(), "", problems);
        }
        long lines = contents.linesRead();
        Map<String, Long> last = new HashMap<>();
        List<String> bad = new ArrayList<>();
        contents.bad().forEach(b -> bad.add("line " + b.line() + ": " + b.reason()));
        int outOfOrder = 0;
        for (int i = 0; i < contents.points().size(); i++) {
            Point p = contents.points().get(i);
            if (p.values().length != c.featureCount()) {
                bad.add("line " + contents.lines().get(i) + ": has " + p.values().length + " values, the model takes " + c.featureCount());
            }
            Long before = last.put(p.series(), p.ts());
            if (before != null && p.ts() <= before) {
                outOfOrder++;
            }
        }
        if (contents.points().isEmpty()) {
            problems.add("no point could be read from the first " + lines + " lines");
        }
        if (!bad.isEmpty()) {
            problems.add(bad.size() + " of the first " + lines + " lines do not fit (first: " + bad.get(0) + ")");
        }
        if (outOfOrder > 0) {
            problems.add(outOfOrder + " points repeat or go back in time within their series (analyze sorts them; the stream "
                    + "drops points later than the grace)");
        }
        return new PointsCheck(points.toString(), lines, contents.points().size(), last.size(), bad.stream().limit(10).toList(),
                contents.columnsNote().replaceFirst("^; ", ""), problems);
    }

    private static void text(Result r, PrintWriter out) {
        if (r.contract().isEmpty()) {
            out.println("brink check: " + r.model() + " refused");
            if (r.problems().size() > 1) {
                out.println("  Brink cannot map " + r.problems().size() + " nodes (root causes first):");
                for (int i = 0; i < r.problems().size(); i++) {
                    out.println("  " + (i + 1) + ") " + r.problems().get(i).describe());
                }
            } else {
                out.println("  " + r.refusal().orElse(""));
            }
            return;
        }
        Contract c = r.contract().get();
        out.println("brink check: model " + c.name() + " (" + c.version() + ")");
        out.println("  card: " + c.card());
        out.println("  window: " + c.windowLength() + " (" + c.windowFrom() + ")");
        out.println("  features: " + String.join(", ", c.features()) + (c.featureNames().isEmpty() ? " (unnamed: taken by position)" : ""));
        out.println("  classes: " + String.join(", ", c.classNames()));
        out.println("  normalization: " + (c.normalization() ? "on (card's mean/std)" : "off (inputs taken as they are)"));
        out.println("  uncertainty: " + c.uncertainty() + "; device: " + c.device() + " (" + c.precision() + ")");
        out.println("  architecture:");
        c.architecture().forEach(a -> out.println("    " + a));
        out.println("  stages:");
        c.stages().forEach(s -> out.println("    " + s));
        r.points().ifPresent(p -> {
            out.println("  points: " + p.file() + ": first " + p.linesRead() + " lines, " + p.points() + " points of " + p.series()
                    + " series" + (p.columns().isEmpty() ? "" : "; " + p.columns()));
            p.problems().forEach(x -> out.println("    problem: " + x));
            p.badLines().forEach(b -> out.println("    " + b));
        });
        out.println("brink check: " + (r.status().equals("ok") ? "ok" : "the points do not fit the model's contract"));
    }
}
