/**
 * The model contract: what a command will score, resolved once at the edge from the model's files, the command line and
 * the configuration — {@link io.brink.contract.ModelRequest} (what the user said) to {@link io.brink.contract.ModelContract}
 * (model, card and where it came from, window length and where it came from, features, classes, normalization,
 * uncertainty method, engine options and device) by {@link io.brink.contract.ContractResolver}, which refuses
 * contradictions and a missing card. Every command (analyze, report, run, demo, bench, check) and the model reloader
 * get their model from here.
 */
package io.brink.contract;
