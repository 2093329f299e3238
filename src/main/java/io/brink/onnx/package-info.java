/**
 * Reading models exported to ONNX from PyTorch: {@link io.brink.onnx.OnnxModelLoader} (files, model cards from
 * metadata and sidecars) over {@code OnnxGraph} (the indexed graph), {@code GraphMapper} (graph to classifier)
 * and {@code LayerMapper} (nodes to layers). What cannot be mapped is refused with an
 * {@link io.brink.onnx.UnsupportedModelException} naming the node.
 */
package io.brink.onnx;
