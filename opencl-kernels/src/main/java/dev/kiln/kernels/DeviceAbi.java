package dev.kiln.kernels;

import java.util.List;

/**
 * The layout of the small buffers every model's kernels share with the host: the step counters,
 * the run-time hyper-parameters and the per-epoch totals. This is the one definition; the processor
 * writes it into each model's program as {@code #define}s ({@link #defines()}), and the runtime
 * reads and writes the buffers by these slots, so the two sides cannot drift apart.
 */
public final class DeviceAbi {
  /** Epochs of totals the device keeps before the host must have read them. */
  public static final int TOTALS_RING = 256;

  private DeviceAbi() {}

  /**
   * Slots of the {@code counters} buffer (ints): the state of the step loop, kept on the device so
   * that whole epochs are enqueued without the host touching a kernel argument; at the end of a
   * pass the device itself starts the next epoch.
   */
  public enum Counter implements Slot {
    STEP("optimizer steps taken so far (Adam's t is STEP + 1 inside a step)"),
    OFFSET("first position in `order` of the current batch"),
    BATCH("samples in the current batch, at most MAX_BATCH"),
    SIZE("samples in the bound data set"),
    HAS_LABELS("1 when the bound data set has labels (training, evaluation), 0 for predict"),
    BATCH_LIMIT("the batch size the user asked for, at most MAX_BATCH"),
    EPOCH("passes completed since the host last set the counters"),
    TRAINING("1 in training passes: dropout is on"),
    SEED("the run's seed, for dropout masks");

    private final String meaning;

    Counter(String meaning) {
      this.meaning = meaning;
    }

    @Override
    public String meaning() {
      return meaning;
    }
  }

  /** Slots of the {@code hyper} buffer (reals): run-time hyper-parameters, written by the host between epochs. */
  public enum Hyper implements Slot {
    LEARNING_RATE("the optimizer's step size"),
    MOMENTUM("SGD's momentum"),
    NESTEROV("1 for Nesterov momentum"),
    BETA1("Adam's decay of the first moment"),
    BETA2("Adam's decay of the second moment"),
    EPSILON("added to denominators (Adam, RMSprop, Adadelta)"),
    RHO("RMSprop's and Adadelta's decay"),
    L2("weight decay: l2 * sum(w^2) joins the loss"),
    UPDATE_RULE("0 for Keras's update formulas, 1 for PyTorch's (where epsilon goes; see UpdateRule)");

    private final String meaning;

    Hyper(String meaning) {
      this.meaning = meaning;
    }

    @Override
    public String meaning() {
      return meaning;
    }
  }

  /**
   * Slots of one epoch's entry in the {@code totals} buffer (reals): sums over the epoch's samples,
   * in a ring of {@link #TOTALS_RING} epochs that the host reads at least every TOTALS_RING epochs.
   * A model of several outputs reports each output's own loss and metric too: its entry continues
   * with a pair of sums per output ({@link #outputLossSlot}, {@link #outputHitSlot}).
   */
  public enum Total implements Slot {
    LOSS_SUM("the per-sample losses, summed"),
    HIT_SUM("correct predictions, or absolute errors for regression, summed"),
    SAMPLE_COUNT("samples seen"),
    L2_TERM("l2 * sum(w^2) when the pass ended (models with weight decay; see l2_penalty)");

    private final String meaning;

    Total(String meaning) {
      this.meaning = meaning;
    }

    @Override
    public String meaning() {
      return meaning;
    }
  }

  /**
   * Reals in one epoch's entry of the totals, for a model that reports {@code reportedOutputs}
   * outputs of its own (0 for a model of one output).
   */
  public static int totalEntry(int reportedOutputs) {
    return Total.values().length + 2 * reportedOutputs;
  }

  /** The slot of output {@code output}'s loss sum (unweighted) in an epoch's entry. */
  public static int outputLossSlot(int output) {
    return Total.values().length + 2 * output;
  }

  /** The slot of output {@code output}'s correct predictions (or absolute errors) in an epoch's entry. */
  public static int outputHitSlot(int output) {
    return outputLossSlot(output) + 1;
  }

  /** A slot of one of the shared buffers: its index is its position in its enum. */
  public interface Slot {
    String name();

    int ordinal();

    /** One line for the generated program's comments. */
    String meaning();
  }

  /** The #define lines of every slot, their counts and the ring size, as the kernels' common.cl expects them. */
  public static String defines() {
    StringBuilder out = new StringBuilder();
    section(out, "counters", List.of(Counter.values()), "COUNTER_SLOTS");
    section(out, "hyper", List.of(Hyper.values()), "HYPER_SLOTS");
    section(out, "totals", List.of(Total.values()), "TOTAL_SLOTS");
    out.append("/* then, per reported output h (REPORTED_OUTPUTS, defined by the model), its own loss and hits */\n")
        .append("#define OUTPUT_LOSS_SUM(h) (TOTAL_SLOTS + 2 * (h))\n")
        .append("#define OUTPUT_HIT_SUM(h) (TOTAL_SLOTS + 2 * (h) + 1)\n")
        .append("#define TOTAL_ENTRY (TOTAL_SLOTS + 2 * REPORTED_OUTPUTS)   /* reals per epoch in `totals` */\n\n");
    out.append("#define TOTALS_RING ").append(TOTALS_RING).append("   /* epochs of totals the device keeps */\n");
    return out.toString();
  }

  private static void section(StringBuilder out, String buffer, List<? extends Slot> slots, String count) {
    out.append("/* slots of the `").append(buffer).append("` buffer (dev.kiln.kernels.DeviceAbi) */\n");
    for (Slot slot : slots) {
      out.append("#define ").append(slot.name()).append(' ').append(slot.ordinal())
          .append("   /* ").append(slot.meaning()).append(" */\n");
    }
    out.append("#define ").append(count).append(' ').append(slots.size()).append("\n\n");
  }
}
