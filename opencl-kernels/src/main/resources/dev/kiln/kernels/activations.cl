/*
 * Activations as forward/derivative pairs. The derivative is written in terms of the activation's
 * OUTPUT a = f(z), so the backward pass needs only the stored activations, never z. Every macro
 * works on a real or on a vector of reals (the tiled kernels apply them to whole vectors), so
 * comparisons are written with fmax, fmin and sign, which are defined per lane.
 * Softmax is not here: it spans a whole row, and the head kernel applies it (see dense_head.cl).
 */
#define LINEAR_FORWARD(z) (z)
#define LINEAR_DERIVATIVE(a) ((real) 1)

#define SIGMOID_FORWARD(z) ((real) 1 / ((real) 1 + exp(-(z))))
#define SIGMOID_DERIVATIVE(a) ((a) * ((real) 1 - (a)))

#define TANH_FORWARD(z) tanh(z)
#define TANH_DERIVATIVE(a) ((real) 1 - (a) * (a))

/* ReLU's output is >= 0, so sign(a) is 1 where z > 0 and 0 where z <= 0: the derivative. */
#define RELU_FORWARD(z) fmax((z), (real) 0)
#define RELU_DERIVATIVE(a) sign(a)

/* alpha: the slope for negative inputs, a literal the processor writes per layer. */
#define LEAKY_RELU_FORWARD(z, alpha) (fmax((z), (real) 0) + (real) (alpha) * fmin((z), (real) 0))
#define LEAKY_RELU_DERIVATIVE(a, alpha) ((real) (alpha) + ((real) 1 - (real) (alpha)) * sign(fmax((a), (real) 0)))
