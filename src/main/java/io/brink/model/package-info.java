/**
 * The classifier as data, with PyTorch's parameterization and gate order: {@link io.brink.model.SequenceClassifier}
 * (recurrent layers, then a dense head giving logits), its layers, the {@link io.brink.model.ModelCard} (window
 * length, names, normalization), the {@link io.brink.model.Normalizer} every path applies to raw points, and
 * {@link io.brink.model.LoadedModel} (classifier, card and name). Depends on no other Brink package.
 */
package io.brink.model;
