package io.brink.onnx;

import java.util.List;

/**
 * A model file Brink cannot read or map, with a message meant for the user (no stack trace needed) and, for a graph
 * Brink cannot map, every node it cannot map ({@link #problems()}, root causes first).
 */
public class UnsupportedModelException extends RuntimeException {

    private final List<MappingProblem> problems;

    public UnsupportedModelException(String message) {
        this(message, List.of(), null);
    }

    public UnsupportedModelException(String message, Throwable cause) {
        this(message, cause instanceof UnsupportedModelException u ? u.problems : List.of(), cause);
    }

    public UnsupportedModelException(String message, List<MappingProblem> problems, Throwable cause) {
        super(message, cause);
        this.problems = List.copyOf(problems);
    }

    /** The nodes Brink cannot map, root causes first; empty when the file could not be read or the problem is not a node's. */
    public List<MappingProblem> problems() {
        return problems;
    }
}
