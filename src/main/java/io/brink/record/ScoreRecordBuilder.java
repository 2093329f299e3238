package io.brink.record;

import io.brink.record.ScoreRecord.AttackDistance;
import io.brink.record.ScoreRecord.PgdRadius;
import io.brink.record.ScoreRecord.RadiusProbability;
import io.brink.record.ScoreRecord.SafeRadius;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Builds a {@link ScoreRecord}: {@link ScoreMapper} sets the core fields and each stage's {@link ScoreSection} sets its
 * own. Every optional field starts absent; the identity, prediction and probabilities are required.
 *
 * <p>Why this class is long: one field and one setter per field of the wire record (40), nothing else.
 */
public final class ScoreRecordBuilder {

    private String series;
    private long ts;
    private long windowSeq;
    private String model;
    private String modelVersion;
    private Tier tier;
    private String predicted;
    private int predictedIndex;
    private String runnerUp;
    private double[] probabilities;
    private OptionalDouble margin = OptionalDouble.empty();
    private OptionalDouble entropy = OptionalDouble.empty();
    private OptionalDouble expectedEntropy = OptionalDouble.empty();
    private OptionalDouble mutualInformation = OptionalDouble.empty();
    private Optional<double[]> probabilityStd = Optional.empty();
    private OptionalDouble disagreement = OptionalDouble.empty();
    private String uncertaintyMethod;
    private int members;
    private Optional<List<String>> predictionSet = Optional.empty();
    private OptionalDouble gradientNorm = OptionalDouble.empty();
    private OptionalDouble curvature = OptionalDouble.empty();
    private OptionalDouble gradientAlongEigvec = OptionalDouble.empty();
    private Optional<Boolean> curvatureConverged = Optional.empty();
    private OptionalInt hessianVectorProducts = OptionalInt.empty();
    private OptionalDouble hessianFrobenius = OptionalDouble.empty();
    private OptionalDouble distanceLinear = OptionalDouble.empty();
    private OptionalDouble distanceLower = OptionalDouble.empty();
    private OptionalDouble distanceUpper = OptionalDouble.empty();
    private Optional<AttackDistance> attackDistance = Optional.empty();
    private Optional<List<RadiusProbability>> misclassificationProbability = Optional.empty();
    private Optional<SafeRadius> safeRadius = Optional.empty();
    private Optional<double[][]> attackPerturbation = Optional.empty();
    private Optional<List<PgdRadius>> pgd = Optional.empty();
    private OptionalDouble windowNorm = OptionalDouble.empty();
    private OptionalDouble certifiedRadius = OptionalDouble.empty();
    private OptionalDouble certifiedRadiusLinf = OptionalDouble.empty();
    private OptionalDouble certifiedMarginLower = OptionalDouble.empty();
    private Optional<String> certifiedMethod = Optional.empty();
    private Optional<Boolean> certifiedBracketed = Optional.empty();
    private Optional<String> certifiedRefused = Optional.empty();

    public ScoreRecordBuilder() {
    }

    /** A builder holding every field of {@code r}. */
    static ScoreRecordBuilder from(ScoreRecord r) {
        ScoreRecordBuilder b = new ScoreRecordBuilder();
        b.series = r.series();
        b.ts = r.ts();
        b.windowSeq = r.windowSeq();
        b.model = r.model();
        b.modelVersion = r.modelVersion();
        b.tier = r.tier();
        b.predicted = r.predicted();
        b.predictedIndex = r.predictedIndex();
        b.runnerUp = r.runnerUp();
        b.probabilities = r.probabilities();
        b.margin = r.margin();
        b.entropy = r.entropy();
        b.expectedEntropy = r.expectedEntropy();
        b.mutualInformation = r.mutualInformation();
        b.probabilityStd = r.probabilityStd();
        b.disagreement = r.disagreement();
        b.uncertaintyMethod = r.uncertaintyMethod();
        b.members = r.members();
        b.predictionSet = r.predictionSet();
        b.gradientNorm = r.gradientNorm();
        b.curvature = r.curvature();
        b.gradientAlongEigvec = r.gradientAlongEigvec();
        b.curvatureConverged = r.curvatureConverged();
        b.hessianVectorProducts = r.hessianVectorProducts();
        b.hessianFrobenius = r.hessianFrobenius();
        b.distanceLinear = r.distanceLinear();
        b.distanceLower = r.distanceLower();
        b.distanceUpper = r.distanceUpper();
        b.attackDistance = r.attackDistance();
        b.misclassificationProbability = r.misclassificationProbability();
        b.safeRadius = r.safeRadius();
        b.attackPerturbation = r.attackPerturbation();
        b.pgd = r.pgd();
        b.windowNorm = r.windowNorm();
        b.certifiedRadius = r.certifiedRadius();
        b.certifiedRadiusLinf = r.certifiedRadiusLinf();
        b.certifiedMarginLower = r.certifiedMarginLower();
        b.certifiedMethod = r.certifiedMethod();
        b.certifiedBracketed = r.certifiedBracketed();
        b.certifiedRefused = r.certifiedRefused();
        return b;
    }

    public ScoreRecordBuilder series(String v) {
        series = v;
        return this;
    }

    public ScoreRecordBuilder ts(long v) {
        ts = v;
        return this;
    }

    public ScoreRecordBuilder windowSeq(long v) {
        windowSeq = v;
        return this;
    }

    public ScoreRecordBuilder model(String v) {
        model = v;
        return this;
    }

    public ScoreRecordBuilder modelVersion(String v) {
        modelVersion = v;
        return this;
    }

    public ScoreRecordBuilder tier(Tier v) {
        tier = v;
        return this;
    }

    public ScoreRecordBuilder predicted(String v) {
        predicted = v;
        return this;
    }

    public ScoreRecordBuilder predictedIndex(int v) {
        predictedIndex = v;
        return this;
    }

    public ScoreRecordBuilder runnerUp(String v) {
        runnerUp = v;
        return this;
    }

    public ScoreRecordBuilder probabilities(double[] v) {
        probabilities = v;
        return this;
    }

    public ScoreRecordBuilder margin(OptionalDouble v) {
        margin = Objects.requireNonNull(v, "margin");
        return this;
    }

    public ScoreRecordBuilder entropy(OptionalDouble v) {
        entropy = Objects.requireNonNull(v, "entropy");
        return this;
    }

    public ScoreRecordBuilder expectedEntropy(OptionalDouble v) {
        expectedEntropy = Objects.requireNonNull(v, "expectedEntropy");
        return this;
    }

    public ScoreRecordBuilder mutualInformation(OptionalDouble v) {
        mutualInformation = Objects.requireNonNull(v, "mutualInformation");
        return this;
    }

    public ScoreRecordBuilder probabilityStd(Optional<double[]> v) {
        probabilityStd = Objects.requireNonNull(v, "probabilityStd");
        return this;
    }

    public ScoreRecordBuilder disagreement(OptionalDouble v) {
        disagreement = Objects.requireNonNull(v, "disagreement");
        return this;
    }

    public ScoreRecordBuilder uncertaintyMethod(String v) {
        uncertaintyMethod = v;
        return this;
    }

    public ScoreRecordBuilder members(int v) {
        members = v;
        return this;
    }

    public ScoreRecordBuilder predictionSet(Optional<List<String>> v) {
        predictionSet = Objects.requireNonNull(v, "predictionSet");
        return this;
    }

    public ScoreRecordBuilder gradientNorm(OptionalDouble v) {
        gradientNorm = Objects.requireNonNull(v, "gradientNorm");
        return this;
    }

    public ScoreRecordBuilder curvature(OptionalDouble v) {
        curvature = Objects.requireNonNull(v, "curvature");
        return this;
    }

    public ScoreRecordBuilder gradientAlongEigvec(OptionalDouble v) {
        gradientAlongEigvec = Objects.requireNonNull(v, "gradientAlongEigvec");
        return this;
    }

    public ScoreRecordBuilder curvatureConverged(Optional<Boolean> v) {
        curvatureConverged = Objects.requireNonNull(v, "curvatureConverged");
        return this;
    }

    public ScoreRecordBuilder hessianVectorProducts(OptionalInt v) {
        hessianVectorProducts = Objects.requireNonNull(v, "hessianVectorProducts");
        return this;
    }

    public ScoreRecordBuilder hessianFrobenius(OptionalDouble v) {
        hessianFrobenius = Objects.requireNonNull(v, "hessianFrobenius");
        return this;
    }

    public ScoreRecordBuilder distanceLinear(OptionalDouble v) {
        distanceLinear = Objects.requireNonNull(v, "distanceLinear");
        return this;
    }

    public ScoreRecordBuilder distanceLower(OptionalDouble v) {
        distanceLower = Objects.requireNonNull(v, "distanceLower");
        return this;
    }

    public ScoreRecordBuilder distanceUpper(OptionalDouble v) {
        distanceUpper = Objects.requireNonNull(v, "distanceUpper");
        return this;
    }

    public ScoreRecordBuilder attackDistance(Optional<AttackDistance> v) {
        attackDistance = Objects.requireNonNull(v, "attackDistance");
        return this;
    }

    public ScoreRecordBuilder misclassificationProbability(Optional<List<RadiusProbability>> v) {
        misclassificationProbability = Objects.requireNonNull(v, "misclassificationProbability");
        return this;
    }

    public ScoreRecordBuilder safeRadius(Optional<SafeRadius> v) {
        safeRadius = Objects.requireNonNull(v, "safeRadius");
        return this;
    }

    public ScoreRecordBuilder attackPerturbation(Optional<double[][]> v) {
        attackPerturbation = Objects.requireNonNull(v, "attackPerturbation");
        return this;
    }

    public ScoreRecordBuilder pgd(Optional<List<PgdRadius>> v) {
        pgd = Objects.requireNonNull(v, "pgd");
        return this;
    }

    public ScoreRecordBuilder windowNorm(OptionalDouble v) {
        windowNorm = Objects.requireNonNull(v, "windowNorm");
        return this;
    }

    public ScoreRecordBuilder certifiedRadius(OptionalDouble v) {
        certifiedRadius = Objects.requireNonNull(v, "certifiedRadius");
        return this;
    }

    public ScoreRecordBuilder certifiedRadiusLinf(OptionalDouble v) {
        certifiedRadiusLinf = Objects.requireNonNull(v, "certifiedRadiusLinf");
        return this;
    }

    public ScoreRecordBuilder certifiedMarginLower(OptionalDouble v) {
        certifiedMarginLower = Objects.requireNonNull(v, "certifiedMarginLower");
        return this;
    }

    public ScoreRecordBuilder certifiedMethod(Optional<String> v) {
        certifiedMethod = Objects.requireNonNull(v, "certifiedMethod");
        return this;
    }

    public ScoreRecordBuilder certifiedBracketed(Optional<Boolean> v) {
        certifiedBracketed = Objects.requireNonNull(v, "certifiedBracketed");
        return this;
    }

    public ScoreRecordBuilder certifiedRefused(Optional<String> v) {
        certifiedRefused = Objects.requireNonNull(v, "certifiedRefused");
        return this;
    }

    /** The record; the identity, prediction and probabilities must have been set. */
    public ScoreRecord build() {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(predicted, "predicted");
        Objects.requireNonNull(runnerUp, "runnerUp");
        Objects.requireNonNull(probabilities, "probabilities");
        Objects.requireNonNull(uncertaintyMethod, "uncertaintyMethod");
        return new ScoreRecord(series, ts, windowSeq, model, modelVersion, tier, predicted, predictedIndex, runnerUp, probabilities, margin, entropy, expectedEntropy, mutualInformation, probabilityStd, disagreement, uncertaintyMethod, members, predictionSet, gradientNorm, curvature, gradientAlongEigvec, curvatureConverged, hessianVectorProducts, hessianFrobenius, distanceLinear, distanceLower, distanceUpper, attackDistance, misclassificationProbability, safeRadius, attackPerturbation, pgd, windowNorm, certifiedRadius, certifiedRadiusLinf, certifiedMarginLower, certifiedMethod, certifiedBracketed, certifiedRefused);
    }
}
