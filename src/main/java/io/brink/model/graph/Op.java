package io.brink.model.graph;

/**
 * One differentiable operation of a model graph, with its four rules over batched tensors. With y = f(x₁, …, xₙ):
 * <ul>
 *   <li>{@link #forward}: y;</li>
 *   <li>{@link #tangent} (Jacobian-vector, forward mode): ẏ = Σᵢ ∂f/∂xᵢ · ẋᵢ;</li>
 *   <li>{@link #reverse} (vector-Jacobian): x̄ᵢ = (∂f/∂xᵢ)ᵀ ȳ;</li>
 *   <li>{@link #tangentReverse} (the tangent of the reverse pass, for Hessian-vector products by forward-over-reverse):
 *   x̄̇ᵢ = (∂f/∂xᵢ)ᵀ ȳ̇ + Σⱼ (∂²f/∂xᵢ∂xⱼ · ẋⱼ)ᵀ ȳ.</li>
 * </ul>
 * A null tangent or adjoint means zero; a rule returns null for an input that is zero or not {@link #differentiable}
 * (shapes, indices, axes). Ops never write their inputs. An op is shared by every evaluation of its graph; what one
 * evaluation must keep (a fused recurrent cell's caches) lives in its {@link Slot}.
 */
public interface Op {

    /** The ONNX op type this op implements. */
    String type();

    /** Outputs the op gives. */
    default int outputs() {
        return 1;
    }

    /** Whether derivatives flow through input {@code i}. */
    default boolean differentiable(int i) {
        return true;
    }

    /** Whether the op reads input {@code i}'s values (false: only its shape, as Shape does). */
    default boolean readsValues(int i) {
        return true;
    }

    Tensor[] forward(Tensor[] in, Slot slot);

    Tensor[] tangent(Tensor[] in, Tensor[] out, Tensor[] inDot, Slot slot);

    Tensor[] reverse(Tensor[] in, Tensor[] out, Tensor[] outBar, Slot slot);

    Tensor[] tangentReverse(Tensor[] in, Tensor[] out, Tensor[] inDot, Tensor[] outBar, Tensor[] outBarDot, Slot slot);

    /** Whether every entry is null (all zero). */
    static boolean allNull(Tensor[] t) {
        for (Tensor x : t) {
            if (x != null) {
                return false;
            }
        }
        return true;
    }
}
