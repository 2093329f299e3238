package io.brink.engine.cpu;

/**
 * One network of an ensemble on the CPU: an {@link Evaluator} whose Hessian-vector product splits in two halves, so that
 * the ensemble head can put the tangents of its members' seeds between them.
 */
interface Member extends Evaluator {

    /** The tangent pass along v (time-major, T × rt × d) at the mapped primal rows; the logits' tangent (rt × classes). */
    double[] tangentForward(double[] v, int rt, int[] map);

    /** The tangent of the kept reverse pass, with {@code seedDot} its seed's tangent (null: constant), time-major out. */
    void tangentBackward(double[] seedDot, int rt, int[] map, double[] out);
}
