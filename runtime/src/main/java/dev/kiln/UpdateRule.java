package dev.kiln;

/**
 * Whose update formulas and defaults the optimizer follows. The two differ only where epsilon goes
 * and in some defaults; the README shows both side by side.
 *
 * <ul>
 *   <li>{@link #KERAS} (the default; the tutorials are Keras code): Adam
 *       {@code w -= alpha m / (sqrt(v) + eps)} with {@code alpha = lr sqrt(1 - b2^t) / (1 - b1^t)};
 *       RMSprop {@code w -= lr g / sqrt(s + eps)}; SGD's velocity {@code v = mu v - lr g}. Keras
 *       3's defaults.
 *   <li>{@link #PYTORCH}: Adam {@code w -= lr m_hat / (sqrt(v_hat) + eps)}; RMSprop
 *       {@code w -= lr g / (sqrt(s) + eps)}; SGD's buffer {@code b = mu b + g}, {@code w -= lr b}.
 *       PyTorch 2's defaults.
 * </ul>
 */
public enum UpdateRule {
  KERAS,
  PYTORCH
}
