package dev.kiln.processor.plan;

/**
 * One argument of a kernel: which of the model's device buffers it is.
 *
 * @param layer the layer the buffer belongs to (for FEATURES and INPUT_GRADIENT, the model input; for
 *     EXTRA_GRADIENT, the buffer's number), or -1 for buffers of the whole model
 */
public record Arg(Source source, int layer) {
  /** The buffers a model's kernels read and write; see dev.kiln.engine.Buffers. */
  public enum Source {
    FEATURES(true), LABELS(true), ORDER(true),
    COUNTERS(false), HYPER(false), TOTALS(false), SAMPLE_LOSS(false), SAMPLE_HIT(false),
    PARAMS(false), STATE(false), ACTIVATIONS(false), DELTA(false), INPUT_GRADIENT(false),
    WORKSPACE(false), ZEROS(false), GRADIENT(false), EXTRA_GRADIENT(false);

    private final boolean data;

    Source(boolean data) {
      this.data = data;
    }

    /** Whether it belongs to the bound data set, and so is bound again when the data set changes. */
    public boolean isData() {
      return data;
    }
  }

  public static Arg of(Source source) {
    return new Arg(source, -1);
  }

  public static Arg of(Source source, int layer) {
    return new Arg(source, layer);
  }

  /** The Java expression that yields this buffer from a {@code Buffers} named {@code buffers}. */
  public String javaExpression() {
    String method = switch (source) {
      case FEATURES -> "features";
      case LABELS -> "labels";
      case ORDER -> "order";
      case COUNTERS -> "counters";
      case HYPER -> "hyper";
      case TOTALS -> "totals";
      case SAMPLE_LOSS -> "sampleLoss";
      case SAMPLE_HIT -> "sampleHit";
      case PARAMS -> "params";
      case STATE -> "state";
      case ACTIVATIONS -> "activations";
      case DELTA -> "delta";
      case INPUT_GRADIENT -> "inputGradient";
      case WORKSPACE -> "workspace";
      case ZEROS -> "zeros";
      case GRADIENT -> "gradient";
      case EXTRA_GRADIENT -> "extraGradient";
    };
    return "buffers." + method + "(" + (layer >= 0 ? Integer.toString(layer) : "") + ")";
  }
}
