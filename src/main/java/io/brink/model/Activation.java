package io.brink.model;

/** Element-wise activation applied after a dense layer of the classifier head. */
public enum Activation {
    IDENTITY,
    RELU,
    TANH;

    /** Applies the activation to a pre-activation value. */
    public double apply(double u) {
        return switch (this) {
            case IDENTITY -> u;
            case RELU -> u > 0 ? u : 0;
            case TANH -> Math.tanh(u);
        };
    }

    /** First derivative, given the pre-activation u and the activated value a. */
    public double derivative(double u, double a) {
        return switch (this) {
            case IDENTITY -> 1;
            case RELU -> u > 0 ? 1 : 0;
            case TANH -> 1 - a * a;
        };
    }

    /** Second derivative, given the pre-activation u and the activated value a. */
    public double secondDerivative(double u, double a) {
        return switch (this) {
            case IDENTITY, RELU -> 0;
            case TANH -> -2 * a * (1 - a * a);
        };
    }
}
