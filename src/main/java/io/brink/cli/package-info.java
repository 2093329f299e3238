/**
 * The {@code brink} command line (picocli): {@code analyze}, {@code demo}, {@code run}, {@code broker} and
 * {@code bench}, the engine options they share ({@link io.brink.cli.EngineMixin}, which also makes the engine's
 * process-wide set-up once at start) and the one-line reports of errors a user can act on.
 */
package io.brink.cli;
