package io.brink.cli;

import io.brink.analyze.WindowAnalyzer;
import io.brink.engine.cuda.CudaUnavailableException;
import io.brink.onnx.UnsupportedModelException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns errors the user can act on (a model Brink cannot map, bad settings, a missing file) into one
 * line on stderr and exit code 1; anything else keeps its stack trace.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (ex instanceof UnsupportedModelException || ex instanceof WindowAnalyzer.FeatureCountException
                || ex instanceof IllegalArgumentException || ex instanceof CudaUnavailableException || ex instanceof IOException || ex instanceof UncheckedIOException) {
            String msg = ex.getMessage();
            if (ex instanceof java.nio.file.NoSuchFileException) {
                msg = "file not found: " + msg;
            }
            cmd.getErr().println("brink " + cmd.getCommandName() + ": " + msg);
            return 1;
        }
        throw new RuntimeException(ex);
    }
}
