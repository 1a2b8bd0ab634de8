package dev.kiln.annotations;

/** What training minimises, averaged over the samples of a batch. */
public enum Loss {
  /** Mean squared error, averaged over outputs. */
  MEAN_SQUARED_ERROR,
  /** Mean absolute error, averaged over outputs. */
  MEAN_ABSOLUTE_ERROR,
  /** Binary cross-entropy of sigmoid outputs against 0/1 labels. */
  BINARY_CROSS_ENTROPY,
  /** Cross-entropy of softmax outputs against one-hot labels. */
  CATEGORICAL_CROSS_ENTROPY,
  /** Cross-entropy of softmax outputs against integer class labels. */
  SPARSE_CATEGORICAL_CROSS_ENTROPY,
  /**
   * None: the model is not trained on its own but as a part of models that are (a GAN's generator,
   * convolutions under a new head), or only predicts; its last layer may be of any kind.
   */
  NONE
}
