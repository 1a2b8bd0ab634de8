/*
 * Activations as forward/derivative pairs. The derivative is written in terms of the activation's
 * OUTPUT a = f(z), so the backward pass needs only the stored activations, never z.
 * Softmax is not here: it spans a whole row, and the head kernel applies it (see dense_head.cl).
 */
#define LINEAR_FORWARD(z) (z)
#define LINEAR_DERIVATIVE(a) ((real) 1)

#define SIGMOID_FORWARD(z) ((real) 1 / ((real) 1 + exp(-(z))))
#define SIGMOID_DERIVATIVE(a) ((a) * ((real) 1 - (a)))

#define TANH_FORWARD(z) tanh(z)
#define TANH_DERIVATIVE(a) ((real) 1 - (a) * (a))

#define RELU_FORWARD(z) fmax((z), (real) 0)
#define RELU_DERIVATIVE(a) ((a) > (real) 0 ? (real) 1 : (real) 0)

/* alpha: the slope for negative inputs, a literal the processor writes per layer. */
#define LEAKY_RELU_FORWARD(z, alpha) ((z) > (real) 0 ? (z) : (real) (alpha) * (z))
#define LEAKY_RELU_DERIVATIVE(a, alpha) ((a) > (real) 0 ? (real) 1 : (real) (alpha))
