package io.brink.engine.device;

/**
 * One cached forward pass of a classifier on its device, and what can be differentiated from it. The
 * cache belongs to this tape alone: {@link #forward} and {@link #outputs} replace it, nothing else does.
 * Rows of gradients and Hessian-vector products name the forward row they differentiate at through a
 * row map, so many probe vectors share one cached forward. Not thread-safe.
 */
public interface Tape {

    /**
     * Forward pass over the first {@code rows} vectors of {@code x}; keeps the cache and returns the outputs
     * (rows × {@link Device#outputs()}, row-major) on the host. The tape keeps what its later passes need, so
     * {@code x} may be released afterwards.
     */
    double[] forward(Block x, int rows);

    /**
     * Input gradients ∇ₓf_r for the rows of {@code f}, row r taken at cached forward row {@code map[r]},
     * written to the first f.rows() rows of {@code out}. Keeps nothing for {@link #hessianVector}.
     */
    void gradient(Objective f, int[] map, Block out);

    /**
     * Input gradients of {@code f} at every cached forward row, in order (f has one row per forward row),
     * written to {@code out}; keeps the adjoints so that {@link #hessianVector} can follow.
     */
    void gradientForHessian(Objective f, Block out);

    /**
     * Exact Hessian-vector products ∇²ₓf_{map[i]}·v_i of the objective of the last
     * {@link #gradientForHessian}, for the first map.length rows of {@code v}, written to {@code out}
     * (forward-over-reverse differentiation; any number of rows, in chunks the device chooses).
     */
    void hessianVector(Block v, int[] map, Block out);

    /**
     * Outputs at the first {@code rows} vectors of {@code x} (rows × outputs, host), in chunks the device
     * chooses. Replaces this tape's cache.
     */
    double[] outputs(Block x, int rows);

    /**
     * The members' logits at the rows of the last {@link #forward} (rows × {@link Device#members()} × outputs,
     * row-major): for one network its logits, for an ensemble each member's own.
     */
    double[] memberOutputs();

    /**
     * Outputs at the first {@code rows} vectors of {@code x} with inverted dropout of probability {@code rate} on the
     * outputs of the recurrent layers {@code layers}, row r's masks drawn from a stream seeded by {@code rowSeeds[r]}
     * (MC dropout). Not differentiable; replaces this tape's cache.
     */
    double[] dropoutOutputs(Block x, int rows, double rate, int[] layers, long[] rowSeeds);
}
