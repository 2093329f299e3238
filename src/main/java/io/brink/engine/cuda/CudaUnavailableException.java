package io.brink.engine.cuda;

/** CUDA was asked for and cannot be used on this machine; the message says why in one line. */
public final class CudaUnavailableException extends IllegalStateException {

    public CudaUnavailableException(String message) {
        super(message);
    }
}
