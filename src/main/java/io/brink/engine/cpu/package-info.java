/**
 * The CPU implementation of the engine's device interface: {@link io.brink.engine.cpu.CpuBackend} makes one
 * device per worker thread. Inside, each recurrent layer has four batched passes over time-major arrays
 * (forward, input-only reverse, tangent forward, tangent reverse: exact Hessian-vector products by
 * forward-over-reverse), matrix products go through ND4J/OpenBLAS ({@code Gemm}, the only class that
 * touches ND4J's arrays) and element-wise work runs in Java, on the Vector API for the LSTM when the JVM has
 * the module. Nothing outside the engine's facade and the commands that set it up uses this package.
 */
package io.brink.engine.cpu;
