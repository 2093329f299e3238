package io.brink.model.graph;

/**
 * The ops that compute shapes, not values (Shape, ConstantOfShape): their outputs carry no derivative, and a graph
 * refuses a differentiable value computed from them only through a differentiable input.
 */
public final class ShapeOps {

    private ShapeOps() {
    }

    /** ONNX Shape: the input's dimensions (from {@code start} to {@code end}, opset 15) as a 1-D tensor. */
    public static Op shape(int start, Integer end) {
        return new NonDifferentiable("Shape") {
            @Override
            public boolean readsValues(int i) {
                return false;
            }

            @Override
            public Tensor[] forward(Tensor[] in, Slot slot) {
                int[] s = in[0].shape();
                int rank = s.length;
                int a = Math.max(0, Math.min(rank, start < 0 ? start + rank : start));
                int b = end == null ? rank : Math.max(0, Math.min(rank, end < 0 ? end + rank : end));
                double[] d = new double[Math.max(0, b - a)];
                for (int i = a; i < b; i++) {
                    d[i - a] = s[i];
                }
                return new Tensor[] {Tensor.vector(d)};
            }
        };
    }

    /** ONNX ConstantOfShape: a tensor of the first input's shape filled with {@code value}. */
    public static Op constantOfShape(double value) {
        return new NonDifferentiable("ConstantOfShape") {
            @Override
            public Tensor[] forward(Tensor[] in, Slot slot) {
                int[] shape = GatherMapOp.ints(in[0]);
                double[] d = new double[Tensor.checkedSize(shape)];
                java.util.Arrays.fill(d, value);
                return new Tensor[] {new Tensor(shape, d)};
            }
        };
    }

    /** An op whose output does not depend differentiably on its inputs. */
    private abstract static class NonDifferentiable implements Op {
        private final String type;

        NonDifferentiable(String type) {
            this.type = type;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public boolean differentiable(int i) {
            return false;
        }

        @Override
        public Tensor[] tangent(Tensor[] in, Tensor[] out, Tensor[] inDot, Slot slot) {
            return new Tensor[outputs()];
        }

        @Override
        public Tensor[] reverse(Tensor[] in, Tensor[] out, Tensor[] outBar, Slot slot) {
            return new Tensor[in.length];
        }

        @Override
        public Tensor[] tangentReverse(Tensor[] in, Tensor[] out, Tensor[] inDot, Tensor[] outBar, Tensor[] outBarDot, Slot slot) {
            return new Tensor[in.length];
        }
    }
}
