package io.brink.model.bounds;

/** A line y = slope·x + intercept (for a relaxation: a lower or upper bound of a function over an interval). */
public record Line(double slope, double intercept) {

    public double at(double x) {
        return slope * x + intercept;
    }

    /** This line moved down by {@code by} (≥ 0). */
    Line down(double by) {
        return new Line(slope, intercept - by);
    }

    /** This line moved up by {@code by} (≥ 0). */
    Line up(double by) {
        return new Line(slope, intercept + by);
    }
}
