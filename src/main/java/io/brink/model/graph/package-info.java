/**
 * A model as a graph of differentiable ops over batched tensors ({@link io.brink.model.graph.Graph}): each op one class
 * with its four rules — forward, tangent (Jacobian-vector), reverse (vector-Jacobian) and tangent reverse (for
 * Hessian-vector products by forward-over-reverse) — and {@link io.brink.model.graph.GraphRun}, which runs them in
 * order. Recurrent cells are fused ops ({@link io.brink.model.graph.RecurrentOp}) whose cell passes run on the device's
 * kernels through {@link io.brink.model.graph.CellFactory}. The ONNX importer (io.brink.onnx) builds graphs; the CPU
 * engine evaluates them. Depends on io.brink.model only.
 */
package io.brink.model.graph;
