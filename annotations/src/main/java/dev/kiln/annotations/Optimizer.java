package dev.kiln.annotations;

/**
 * How weights are updated. The kind shapes the kernels (which state each weight carries); the
 * hyper-parameters (learning rate, momentum, ...) are run-time values with Keras's defaults.
 */
public enum Optimizer {
  /** Stochastic gradient descent, with optional momentum and Nesterov momentum. */
  SGD,
  /** Adam (Kingma and Ba), with bias correction. */
  ADAM,
  /** RMSprop (Hinton): a moving average of squared gradients scales each step. */
  RMSPROP,
  /** Adadelta (Zeiler): step sizes from moving averages of squared gradients and updates. */
  ADADELTA
}
