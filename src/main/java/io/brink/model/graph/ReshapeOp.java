package io.brink.model.graph;

/**
 * ONNX Reshape (second input the shape: 0 copies the input's dimension unless {@code allowzero}, −1 is inferred),
 * and, through {@link #fixed}, Flatten, Squeeze and Unsqueeze, which are reshapes whose target follows from the input
 * shape.
 */
public final class ReshapeOp extends GatherMapOp {

    /** How the target shape follows from the input shape (and the shape input, for Reshape). */
    public interface Target {
        int[] of(int[] inShape, Tensor[] in);
    }

    private final String type;
    private final Target target;

    private ReshapeOp(String type, Target target) {
        this.type = type;
        this.target = target;
    }

    /** Reshape by its second input. */
    public static ReshapeOp reshape(boolean allowZero) {
        return new ReshapeOp("Reshape", (xs, in) -> resolve(xs, ints(in[1]), allowZero));
    }

    /** An op of {@code type} that reshapes by a rule of the input shape alone. */
    public static ReshapeOp fixed(String type, Target target) {
        return new ReshapeOp(type, target);
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    protected Moves moves(Tensor[] in) {
        int[] xs = in[0].shape();
        int[] out = target.of(xs, in);
        if (Tensor.size(out) != in[0].size()) {
            throw new IllegalArgumentException(type + " of " + java.util.Arrays.toString(xs) + " to " + java.util.Arrays.toString(out)
                    + " changes the element count");
        }
        return same(out, in[0].size());
    }

    static int[] resolve(int[] xs, int[] spec, boolean allowZero) {
        int[] out = spec.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0 && !allowZero) {
                out[i] = xs[i];
            }
            if (out[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("Reshape to " + java.util.Arrays.toString(spec) + " infers two dimensions");
                }
                infer = i;
            } else {
                known *= out[i];
            }
        }
        if (infer >= 0) {
            out[infer] = known == 0 ? 0 : (int) (Tensor.size(xs) / known);
        }
        return out;
    }
}
