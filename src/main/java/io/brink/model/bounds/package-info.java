/**
 * The certified radius: sound bounds of a classifier's logit margins over a ball of perturbations of one window (L2 or
 * L∞ over all T·d values, normalized units). The classifier is {@link io.brink.model.bounds.Unrolled unrolled} over the
 * window into primitive nodes (affine maps, σ, tanh, erf, ReLU, e^v, 1/v, v², √v, products); each nonlinearity has a
 * linear relaxation ({@link io.brink.model.bounds.Relax}: tangents and chords of the S-shapes and of the one-curvature
 * functions, the ReLU triangle, McCormick planes for products); {@link io.brink.model.bounds.Crown} propagates linear bounds backward (CROWN) to concrete bounds through
 * the dual norm; {@link io.brink.model.bounds.Certifier} searches the largest radius whose margin bounds stay positive.
 * Float64 throughout, every bound moved outward by a bound of its rounding error, so that a certificate holds for the
 * real-valued network with these weights. Depends on io.brink.model only.
 */
package io.brink.model.bounds;
