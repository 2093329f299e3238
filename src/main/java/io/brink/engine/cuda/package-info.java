/**
 * The CUDA implementation of the engine's device interface, through JavaCPP's CUDA 13 bindings: one
 * {@link io.brink.engine.cuda.CudaDevice} per GPU. Windows, caches, gradients, Krylov vectors, probes, attack iterates
 * and random directions live in device memory; matrix products are cuBLAS calls (FP32 with TF32 off, or FP64), the
 * element-wise passes of each cell type are kernels compiled at run time by NVRTC for the GPU's architecture from
 * {@code brink_kernels.cu} (a resource of this package) and cached on disk. Only per-window scalars, outputs and the
 * rows a result needs come back to the host. {@link io.brink.engine.cuda.CudaRuntime} says, in one line, why CUDA
 * cannot be used on a machine; nothing here is loaded on a machine that does not ask for CUDA.
 */
package io.brink.engine.cuda;
