package io.brink.onnx;

/** A model file Brink cannot read or map, with a message meant for the user (no stack trace needed). */
public class UnsupportedModelException extends RuntimeException {

    public UnsupportedModelException(String message) {
        super(message);
    }

    public UnsupportedModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
