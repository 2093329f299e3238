/**
 * {@code brink bench}: the reference model ({@link io.brink.bench.ReferenceModel}), the SGEMM rate of this machine
 * ({@link io.brink.bench.SgemmProbe}), the robustness-profile benchmark ({@link io.brink.bench.ProfileBench}) and the
 * pipeline benchmark on the embedded broker ({@link io.brink.bench.PipelineBench}). JMH versions are in the tests.
 */
package io.brink.bench;
