package dev.kiln.reference;

import dev.kiln.annotations.ActivationKind;
import dev.kiln.annotations.Padding;
import java.util.Objects;

/**
 * The test oracle for image layers: plain-Java, double-precision, loop-by-loop forward and
 * backward passes of 2-D convolution, max pooling, average pooling and global average pooling, for
 * one sample. {@link ReferenceCnn} chains them into a network.
 *
 * <p>Conventions (Kiln's, matching Keras and TensorFlow):
 *
 * <ul>
 *   <li>Images are channels-last (NHWC): a sample is a flat {@code double[]} of {@code H * W * C}
 *       values, element {@code (y, x, c)} at {@code ((y * W) + x) * C + c}.
 *   <li>Convolution weights are row-major {@code [KH][KW][C][F]} (Keras's HWIO): {@code w(ky, kx,
 *       c, f)} at {@code ((ky * KW + kx) * C + c) * F + f}; the bias has one value per filter.
 *   <li>{@code z(oy, ox, f) = bias(f) + sum_{ky,kx,c} x(oy*SH + ky - padTop, ox*SW + kx - padLeft,
 *       c) * w(ky, kx, c, f)}, where input positions outside the image count as 0. Dilation is 1.
 *       Pools use the same window positions.
 *   <li>Output size per dimension, input {@code N}, window {@code K}, stride {@code S}: VALID gives
 *       {@code floor((N - K) / S) + 1} with no padding; SAME gives {@code ceil(N / S)}, padded by
 *       {@code max((out - 1) * S + K - N, 0)} in all, {@code total / 2} before and the rest (one
 *       more when the total is odd) after, as TensorFlow does.
 *   <li>Max pooling pads with -infinity (padding never wins); its backward pass routes each
 *       output's gradient to the first position holding the maximum, in window order {@code ky}
 *       then {@code kx}. Average pooling averages over the positions inside the image only
 *       (TensorFlow's SAME; PyTorch's {@code count_include_pad = false}).
 *   <li>Activations are applied by the caller: {@link #conv2d} computes {@code z} only.
 * </ul>
 */
public final class ReferenceImageLayers {

  private ReferenceImageLayers() {}

  /** An image's height, width and channels. */
  public record Shape(int height, int width, int channels) {
    public Shape {
      if (height < 1 || width < 1 || channels < 1) {
        throw new IllegalArgumentException(
            "shape must be positive: " + height + "x" + width + "x" + channels);
      }
    }

    /** {@code H * W * C}: the length of the flat array holding one image. */
    public int size() {
      return height * width * channels;
    }
  }

  /** A convolution's geometry: input shape, F filters of KH x KW, strides SH x SW, padding. */
  public record Conv2d(
      Shape input,
      int filters,
      int kernelHeight,
      int kernelWidth,
      int strideHeight,
      int strideWidth,
      Padding padding) {
    public Conv2d {
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(padding, "padding");
      if (filters < 1 || kernelHeight < 1 || kernelWidth < 1) {
        throw new IllegalArgumentException(
            String.format(
                "%d filters of %dx%d: both must be positive", filters, kernelHeight, kernelWidth));
      }
      // Checks that the kernel fits and the strides are positive.
      outputSize(input.height(), kernelHeight, strideHeight, padding);
      outputSize(input.width(), kernelWidth, strideWidth, padding);
    }

    public Shape output() {
      return new Shape(
          outputSize(input.height(), kernelHeight, strideHeight, padding),
          outputSize(input.width(), kernelWidth, strideWidth, padding),
          filters);
    }

    /** {@code KH * KW * C * F}. */
    public int weightCount() {
      return kernelHeight * kernelWidth * input.channels() * filters;
    }

    public int padTop() {
      return padBefore(input.height(), kernelHeight, strideHeight, padding);
    }

    public int padLeft() {
      return padBefore(input.width(), kernelWidth, strideWidth, padding);
    }
  }

  /** A pool's geometry: input shape, window PH x PW, strides SH x SW, padding. */
  public record Pool2d(
      Shape input,
      int poolHeight,
      int poolWidth,
      int strideHeight,
      int strideWidth,
      Padding padding) {
    public Pool2d {
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(padding, "padding");
      if (poolHeight < 1 || poolWidth < 1) {
        throw new IllegalArgumentException(
            "pool must be positive: " + poolHeight + "x" + poolWidth);
      }
      // Checks that the window fits and the strides are positive.
      outputSize(input.height(), poolHeight, strideHeight, padding);
      outputSize(input.width(), poolWidth, strideWidth, padding);
    }

    /** The output shape; pooling keeps the channels. */
    public Shape output() {
      return new Shape(
          outputSize(input.height(), poolHeight, strideHeight, padding),
          outputSize(input.width(), poolWidth, strideWidth, padding),
          input.channels());
    }

    public int padTop() {
      return padBefore(input.height(), poolHeight, strideHeight, padding);
    }

    public int padLeft() {
      return padBefore(input.width(), poolWidth, strideWidth, padding);
    }
  }

  /** What {@link #conv2dBackward} returns: dL/dx, dL/dw (layout of w) and dL/dbias (length F). */
  public record Conv2dGradients(double[] dx, double[] dw, double[] dbias) {}

  // ---------------------------------------------------------------------------------------------
  // Geometry, one dimension at a time.

  /**
   * Output positions along a dimension of {@code n} inputs, window {@code k}, stride {@code s}:
   * VALID {@code floor((n - k) / s) + 1}, SAME {@code ceil(n / s)}.
   */
  public static int outputSize(int n, int k, int s, Padding padding) {
    if (s < 1) {
      throw new IllegalArgumentException("stride must be positive: " + s);
    }
    return switch (padding) {
      case VALID -> {
        if (k > n) {
          throw new IllegalArgumentException(
              "window " + k + " does not fit " + n + " inputs with VALID padding");
        }
        yield (n - k) / s + 1;
      }
      case SAME -> (n + s - 1) / s;
    };
  }

  /**
   * Padding added along a dimension, before and after together: SAME {@code max((out - 1) * s + k
   * - n, 0)}, VALID 0.
   */
  public static int padTotal(int n, int k, int s, Padding padding) {
    if (padding == Padding.VALID) {
      return 0;
    }
    int out = outputSize(n, k, s, padding);
    return Math.max((out - 1) * s + k - n, 0);
  }

  /** Padding before the first input (top or left): half the total, rounded down. */
  public static int padBefore(int n, int k, int s, Padding padding) {
    return padTotal(n, k, s, padding) / 2;
  }

  // ---------------------------------------------------------------------------------------------
  // Convolution.

  /**
   * {@code z = conv(x, w) + bias} for one image {@code x} of shape {@code g.input()}; {@code w} is
   * {@code [KH][KW][C][F]}, {@code bias} has length F or 0 (no bias). Returns {@code z} of shape
   * {@code g.output()}.
   */
  public static double[] conv2d(Conv2d g, double[] x, double[] w, double[] bias) {
    int H = g.input().height(), W = g.input().width(), C = g.input().channels();
    int F = g.filters(), KH = g.kernelHeight(), KW = g.kernelWidth();
    int SH = g.strideHeight(), SW = g.strideWidth();
    int OH = g.output().height(), OW = g.output().width();
    int padTop = g.padTop(), padLeft = g.padLeft();
    checkLength("x", x, H * W * C);
    checkLength("w", w, g.weightCount());
    if (bias.length != F && bias.length != 0) {
      throw new IllegalArgumentException("bias has length " + bias.length + ", expected " + F);
    }

    double[] z = new double[OH * OW * F];
    for (int oy = 0; oy < OH; oy++) {
      for (int ox = 0; ox < OW; ox++) {
        for (int f = 0; f < F; f++) {
          double sum = bias.length == 0 ? 0 : bias[f];
          for (int ky = 0; ky < KH; ky++) {
            for (int kx = 0; kx < KW; kx++) {
              int iy = oy * SH + ky - padTop;
              int ix = ox * SW + kx - padLeft;
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) {
                continue; // padding: x = 0 there
              }
              for (int c = 0; c < C; c++) {
                sum += x[(iy * W + ix) * C + c] * w[((ky * KW + kx) * C + c) * F + f];
              }
            }
          }
          z[(oy * OW + ox) * F + f] = sum;
        }
      }
    }
    return z;
  }

  /**
   * The chain rule through {@link #conv2d}: given {@code dz = dL/dz} (shape {@code g.output()}),
   * returns {@code dL/dx}, {@code dL/dw} and {@code dL/dbias} (the gradient a bias would get; the
   * caller ignores it when the layer has none). Every product {@code x * w} that made up a {@code
   * z} sends {@code dz * w} to {@code x} and {@code dz * x} to {@code w}.
   */
  public static Conv2dGradients conv2dBackward(Conv2d g, double[] x, double[] w, double[] dz) {
    int H = g.input().height(), W = g.input().width(), C = g.input().channels();
    int F = g.filters(), KH = g.kernelHeight(), KW = g.kernelWidth();
    int SH = g.strideHeight(), SW = g.strideWidth();
    int OH = g.output().height(), OW = g.output().width();
    int padTop = g.padTop(), padLeft = g.padLeft();
    checkLength("x", x, H * W * C);
    checkLength("w", w, g.weightCount());
    checkLength("dz", dz, OH * OW * F);

    double[] dx = new double[H * W * C];
    double[] dw = new double[g.weightCount()];
    double[] dbias = new double[F];
    for (int oy = 0; oy < OH; oy++) {
      for (int ox = 0; ox < OW; ox++) {
        for (int f = 0; f < F; f++) {
          double dzHere = dz[(oy * OW + ox) * F + f];
          dbias[f] += dzHere;
          for (int ky = 0; ky < KH; ky++) {
            for (int kx = 0; kx < KW; kx++) {
              int iy = oy * SH + ky - padTop;
              int ix = ox * SW + kx - padLeft;
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) {
                continue;
              }
              for (int c = 0; c < C; c++) {
                int xIndex = (iy * W + ix) * C + c;
                int wIndex = ((ky * KW + kx) * C + c) * F + f;
                dx[xIndex] += dzHere * w[wIndex];
                dw[wIndex] += dzHere * x[xIndex];
              }
            }
          }
        }
      }
    }
    return new Conv2dGradients(dx, dw, dbias);
  }

  // ---------------------------------------------------------------------------------------------
  // Max pooling.

  /** {@code y(oy, ox, c)} = the largest {@code x} in the window; padding never wins. */
  public static double[] maxPool2d(Pool2d g, double[] x) {
    checkLength("x", x, g.input().size());
    Shape out = g.output();
    int C = out.channels();
    double[] y = new double[out.size()];
    for (int oy = 0; oy < out.height(); oy++) {
      for (int ox = 0; ox < out.width(); ox++) {
        for (int c = 0; c < C; c++) {
          y[(oy * out.width() + ox) * C + c] = x[firstMaxIndex(g, x, oy, ox, c)];
        }
      }
    }
    return y;
  }

  /** Routes each {@code dy} to its window's first maximum; the other positions get none of it. */
  public static double[] maxPool2dBackward(Pool2d g, double[] x, double[] dy) {
    checkLength("x", x, g.input().size());
    Shape out = g.output();
    checkLength("dy", dy, out.size());
    int C = out.channels();
    double[] dx = new double[g.input().size()];
    for (int oy = 0; oy < out.height(); oy++) {
      for (int ox = 0; ox < out.width(); ox++) {
        for (int c = 0; c < C; c++) {
          dx[firstMaxIndex(g, x, oy, ox, c)] += dy[(oy * out.width() + ox) * C + c];
        }
      }
    }
    return dx;
  }

  /**
   * Index into {@code x} of the first maximum of window {@code (oy, ox)} in channel {@code c},
   * scanning {@code ky} then {@code kx}; a later position takes over only when strictly larger.
   * Every window holds at least one position inside the image (the padding is smaller than the
   * window).
   */
  private static int firstMaxIndex(Pool2d g, double[] x, int oy, int ox, int c) {
    int H = g.input().height(), W = g.input().width(), C = g.input().channels();
    int best = -1;
    double max = Double.NEGATIVE_INFINITY;
    for (int ky = 0; ky < g.poolHeight(); ky++) {
      for (int kx = 0; kx < g.poolWidth(); kx++) {
        int iy = oy * g.strideHeight() + ky - g.padTop();
        int ix = ox * g.strideWidth() + kx - g.padLeft();
        if (iy < 0 || iy >= H || ix < 0 || ix >= W) {
          continue; // padding: -infinity
        }
        int index = (iy * W + ix) * C + c;
        if (best < 0 || x[index] > max) {
          best = index;
          max = x[index];
        }
      }
    }
    return best;
  }

  // ---------------------------------------------------------------------------------------------
  // Average pooling.

  /** {@code y(oy, ox, c)} = the mean of the window's positions inside the image. */
  public static double[] avgPool2d(Pool2d g, double[] x) {
    checkLength("x", x, g.input().size());
    int H = g.input().height(), W = g.input().width(), C = g.input().channels();
    Shape out = g.output();
    double[] y = new double[out.size()];
    for (int oy = 0; oy < out.height(); oy++) {
      for (int ox = 0; ox < out.width(); ox++) {
        for (int c = 0; c < C; c++) {
          double sum = 0;
          int count = 0;
          for (int ky = 0; ky < g.poolHeight(); ky++) {
            for (int kx = 0; kx < g.poolWidth(); kx++) {
              int iy = oy * g.strideHeight() + ky - g.padTop();
              int ix = ox * g.strideWidth() + kx - g.padLeft();
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) {
                continue; // padding: not counted
              }
              sum += x[(iy * W + ix) * C + c];
              count++;
            }
          }
          y[(oy * out.width() + ox) * C + c] = sum / count;
        }
      }
    }
    return y;
  }

  /** Spreads each {@code dy} evenly, {@code dy / count}, over its window's in-image positions. */
  public static double[] avgPool2dBackward(Pool2d g, double[] dy) {
    int H = g.input().height(), W = g.input().width(), C = g.input().channels();
    Shape out = g.output();
    checkLength("dy", dy, out.size());
    double[] dx = new double[g.input().size()];
    for (int oy = 0; oy < out.height(); oy++) {
      for (int ox = 0; ox < out.width(); ox++) {
        for (int c = 0; c < C; c++) {
          int count = 0;
          for (int ky = 0; ky < g.poolHeight(); ky++) {
            for (int kx = 0; kx < g.poolWidth(); kx++) {
              int iy = oy * g.strideHeight() + ky - g.padTop();
              int ix = ox * g.strideWidth() + kx - g.padLeft();
              if (iy >= 0 && iy < H && ix >= 0 && ix < W) {
                count++;
              }
            }
          }
          double share = dy[(oy * out.width() + ox) * C + c] / count;
          for (int ky = 0; ky < g.poolHeight(); ky++) {
            for (int kx = 0; kx < g.poolWidth(); kx++) {
              int iy = oy * g.strideHeight() + ky - g.padTop();
              int ix = ox * g.strideWidth() + kx - g.padLeft();
              if (iy >= 0 && iy < H && ix >= 0 && ix < W) {
                dx[(iy * W + ix) * C + c] += share;
              }
            }
          }
        }
      }
    }
    return dx;
  }

  // ---------------------------------------------------------------------------------------------
  // Global average pooling.

  /** {@code y(c)} = the mean of {@code x(y, x, c)} over all {@code H * W} positions. */
  public static double[] globalAvgPool(Shape input, double[] x) {
    checkLength("x", x, input.size());
    int H = input.height(), W = input.width(), C = input.channels();
    double[] y = new double[C];
    for (int iy = 0; iy < H; iy++) {
      for (int ix = 0; ix < W; ix++) {
        for (int c = 0; c < C; c++) {
          y[c] += x[(iy * W + ix) * C + c];
        }
      }
    }
    for (int c = 0; c < C; c++) {
      y[c] /= H * W;
    }
    return y;
  }

  /** {@code dx(y, x, c) = dy(c) / (H * W)}. */
  public static double[] globalAvgPoolBackward(Shape input, double[] dy) {
    int H = input.height(), W = input.width(), C = input.channels();
    checkLength("dy", dy, C);
    double[] dx = new double[input.size()];
    for (int iy = 0; iy < H; iy++) {
      for (int ix = 0; ix < W; ix++) {
        for (int c = 0; c < C; c++) {
          dx[(iy * W + ix) * C + c] = dy[c] / (H * W);
        }
      }
    }
    return dx;
  }

  // ---------------------------------------------------------------------------------------------
  // Element-wise activations (the same definitions as ReferenceNetwork's; no softmax here).

  /** {@code act(z)}; {@code alpha} is leaky ReLU's slope for {@code z <= 0}. */
  public static double activation(ActivationKind kind, double alpha, double z) {
    return switch (kind) {
      case LINEAR -> z;
      case SIGMOID -> 1 / (1 + Math.exp(-z));
      case TANH -> Math.tanh(z);
      case RELU -> Math.max(0, z);
      case LEAKY_RELU -> z > 0 ? z : alpha * z;
      case SOFTMAX -> throw new IllegalArgumentException("softmax is not element-wise");
    };
  }

  /** {@code act'(z)}; ReLU's is 0 and leaky ReLU's is {@code alpha} at {@code z = 0}. */
  public static double activationDerivative(ActivationKind kind, double alpha, double z) {
    return switch (kind) {
      case LINEAR -> 1;
      case SIGMOID -> {
        double s = 1 / (1 + Math.exp(-z));
        yield s * (1 - s);
      }
      case TANH -> 1 - Math.tanh(z) * Math.tanh(z);
      case RELU -> z > 0 ? 1 : 0;
      case LEAKY_RELU -> z > 0 ? 1 : alpha;
      case SOFTMAX -> throw new IllegalArgumentException("softmax is not element-wise");
    };
  }

  private static void checkLength(String name, double[] a, int expected) {
    if (a.length != expected) {
      throw new IllegalArgumentException(
          name + " has length " + a.length + ", expected " + expected);
    }
  }
}
