package io.brink.engine.algorithm;

/**
 * How Hessian-vector products are computed. EXACT differentiates the reverse pass forward
 * (forward-over-reverse): exact up to rounding, and it reuses the cached forward. FINITE_DIFFERENCE
 * takes central differences of exact gradients, (∇g(x+hv) − ∇g(x−hv)) / 2h with h = ε^{1/3}·max(1, rms(x))/‖v‖,
 * which balances the O(h²) truncation error against the O(ε/h) rounding error.
 */
public enum HvpMode {
    EXACT,
    FINITE_DIFFERENCE
}
