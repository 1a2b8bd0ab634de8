package dev.kiln.processor.ir;

/** What a node of one kind holds beyond what every node has; each kind's definition makes its own. */
public sealed interface Settings {
  /** Whether a field of the model class holds the node's handle; not so for an input {@code @Model} declares, or one direction of a Bidirectional. */
  default boolean declaresField() {
    return true;
  }

  /** A kind with nothing of its own: Flatten, GlobalAveragePooling2D's window is its input. */
  record None() implements Settings {}

  /**
   * A model input: float features, or integer indices (for an Embedding).
   *
   * @param declared its shape as the user wrote it, e.g. {28, 28} for an image of one channel
   * @param field whether a field declares it ({@code @Layer(shape = ...) Input image;}), or
   *     {@code @Model(input = ...)} does
   */
  record Input(boolean indices, int[] declared, boolean field) implements Settings {
    @Override
    public boolean declaresField() {
      return field;
    }
  }

  /** An Embedding's number of distinct indices, and whether index 0 is padding that recurrent layers skip. */
  record Embedding(int vocabulary, boolean maskZero) implements Settings {}

  /** A merge's operation: Concatenate, Add, Subtract, Multiply, Average. */
  record Merge(MergeOp op) implements Settings {}

  /** A Dot of two vectors, of their unit vectors (cosine) when {@code normalize}. */
  record Dot(boolean normalize) implements Settings {}

  /** How a merge combines its inputs. */
  enum MergeOp {
    CONCATENATE, ADD, SUBTRACT, MULTIPLY, AVERAGE
  }

  /** Settings of a kind whose layers can use another layer's weights (a shared layer, {@code shares}). */
  sealed interface Shareable extends Settings {
    /** The layer whose weights it uses, or null when it has its own. */
    Node owner();

    /** The same settings using {@code owner}'s weights: for a copy of a model's nodes inlined into another. */
    Shareable withOwner(Node owner);
  }

  /**
   * A Dense layer's outputs and whether it adds a bias.
   *
   * @param owner the Dense layer whose weights it uses (a shared layer), or null when it has its own
   */
  record Dense(int units, boolean bias, Node owner) implements Shareable {
    @Override
    public Shareable withOwner(Node newOwner) {
      return new Dense(units, bias, newOwner);
    }
  }

  /**
   * A Conv2D's window over its input and whether it adds a bias per filter.
   *
   * @param owner the Conv2D layer whose weights it uses (a shared layer), or null when it has its own
   */
  record Conv(Window window, boolean bias, Node owner) implements Shareable {
    @Override
    public Shareable withOwner(Node newOwner) {
      return new Conv(window, bias, newOwner);
    }
  }

  /** A pool's window over its input image (the whole image for global pooling). */
  record Pool(Window window) implements Settings {}

  /** Batch normalisation's constants. */
  record BatchNorm(Normalization normalization) implements Settings {}

  /**
   * A recurrent layer (LSTM, GRU, SimpleRNN) over a sequence of {@code steps}: its units, the
   * activation of its candidate and output ({@code activation}) and of its gates
   * ({@code recurrentActivation}; none for a SimpleRNN), and how it runs.
   *
   * @param returnSequences whether it gives every step's output, or only the last step's
   * @param goBackwards whether it reads the steps from the last to the first
   * @param resetAfter whether a GRU's reset gate applies after its recurrent product (Keras's
   *     reset_after, two bias rows) or to the state before it (one); true for the others, which have none
   * @param part whether its field declares it alone, or it is one direction of a Bidirectional field
   */
  record Recurrent(int steps, int units, Activation activation, Activation recurrentActivation,
                   boolean returnSequences, boolean goBackwards, boolean resetAfter, Part part) implements Settings {
    /** What a recurrent layer is to the field that declares it. */
    public enum Part {
      ALONE, FORWARD, BACKWARD
    }

    @Override
    public boolean declaresField() {
      return part == Part.ALONE;
    }

    /**
     * Whether the output of the step that read input step t goes at t although it reads backwards: a
     * Bidirectional's backward layer's does, as Keras reverses it back; a layer of its own gives its
     * steps in the order it ran them.
     */
    public boolean outputsInInputOrder() {
      return part == Part.BACKWARD;
    }
  }

  /** The fraction of its input's outputs a Dropout drops in training. */
  record Dropout(double rate) implements Settings {}
}
