package dev.kiln.processor.layers;

import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.Settings;
import dev.kiln.processor.ir.Shape;
import dev.kiln.processor.ir.Window;
import dev.kiln.processor.report.Messages;
import java.util.Arrays;
import java.util.Optional;

/** What several kinds' definitions read alike: sizes that must be positive, windows and their placement. */
final class Reading {
  private Reading() {}

  /** How messages name what a node reads: "the model input", "input 'image'", or the nearest layer ("'conv1'"). */
  static String source(Node input) {
    if (input.kind().isInput()) {
      return input.settings(Settings.Input.class).field() ? "input '" + input.name() + "'" : "the model input";
    }
    return input.kind().definition().isView() ? source(input.input()) : "'" + input.name() + "'";
  }

  /** The node whose values a node reads, through views (a Dropout, a Flatten). */
  static Node producer(Node input) {
    return input.kind().definition().isView() ? producer(input.input()) : input;
  }

  /**
   * An int attribute the layer needs, at least 1; 0 when it is missing or not positive (reported),
   * for which the layer gives an unknown shape.
   */
  static int positive(FieldReading field, String type, String attribute, String example) {
    boolean dense = type.equals("Dense") && attribute.equals("units");
    if (!field.isSet(attribute)) {
      field.error(attribute, dense ? Messages.missingUnits(field.name())
          : Messages.missingAttribute(field.name(), type, attribute, example));
      return 0;
    }
    int value = field.integer(attribute);
    if (value <= 0) {
      field.error(attribute, dense ? Messages.nonPositiveUnits(field.name(), value)
          : Messages.nonPositiveAttribute(field.name(), attribute, value, example));
      return 0;
    }
    return value;
  }

  /** A (height, width) attribute: one number for both, or two; each at least 1. Null when wrong (reported). */
  static int[] pair(FieldReading field, String attribute, int[] defaults) {
    if (!field.isSet(attribute)) {
      return defaults;
    }
    int[] values = field.integers(attribute);
    if (values.length < 1 || values.length > 2) {
      field.error(attribute, Messages.pairLength(field.name(), attribute, values));
      return null;
    }
    if (Arrays.stream(values).anyMatch(v -> v <= 0)) {
      field.error(attribute, Messages.nonPositivePair(field.name(), attribute, values));
      return null;
    }
    return values.length == 1 ? new int[] {values[0], values[0]} : values;
  }

  /**
   * A window length over time (Conv1D's kernel and stride): one number, at least 1; {@code absent}
   * when not written (0: required, reported by the caller). 0 when wrong (reported).
   */
  static int length(FieldReading field, String attribute, int absent) {
    if (!field.isSet(attribute)) {
      return absent;
    }
    int[] values = field.integers(attribute);
    if (values.length != 1) {
      field.error(attribute, Messages.lengthOverTime(field.name(), attribute, values));
      return 0;
    }
    if (values[0] <= 0) {
      field.error(attribute, Messages.nonPositivePair(field.name(), attribute, values));
      return 0;
    }
    return values[0];
  }

  /**
   * A window of {@code length} steps over a sequence, reporting an input that is no sequence or a VALID
   * window longer than it; empty after an error, or when {@code length} or {@code stride} is 0 (wrong,
   * and reported).
   */
  static Optional<Window.Placed> placeOverTime(FieldReading field, String type, Node input, String attribute,
                                               int length, int stride, boolean same) {
    Shape shape = input.shape();
    if (!shape.known()) {
      return Optional.empty();
    }
    if (shape.form() != Shape.Form.SEQUENCE) {
      field.error(Messages.recurrentOnNonSequence(field.name(), type, source(input), shape.described(),
          shape.image() && shape.channels() == 1 && input.kind().isInput()
              ? "a model input of {steps, features} is an image of one channel: read it with a Conv2D of kernel = {k, "
                  + shape.width() + "}, which is the same convolution"
              : type + " reads an Embedding of several indices, a recurrent layer with returnSequences = true or"
                  + " another " + type));
      return Optional.empty();
    }
    if (length == 0 || stride == 0) {
      return Optional.empty();
    }
    if (!same && length > shape.width()) {
      field.error(attribute, Messages.windowLargerThanInput(field.name(), type, attribute, length + " steps",
          shape.toString(), source(input)));
      return Optional.empty();
    }
    return Optional.of(Window.place(1, shape.width(), 1, length, 1, stride, same));
  }

  /** Whether the input is an image, reporting one that is not (an unknown shape was reported already). */
  static boolean requireImage(FieldReading field, String type, Node input) {
    if (!input.shape().known()) {
      return false;
    }
    if (!input.shape().image()) {
      field.error(Messages.imageLayerOnFlat(field.name(), type, source(input), input.shape().toString()));
      return false;
    }
    return true;
  }

  /**
   * The window over the input image, reporting an input that is no image or a VALID window larger
   * than it; {@code attribute} is the one that sets the window (kernel or pool). Empty after an error,
   * or when {@code window} or {@code stride} is null (wrong, and reported).
   */
  static Optional<Window.Placed> place(FieldReading field, String type, Node input, String attribute, int[] window,
                                       int[] stride, boolean same) {
    Shape shape = input.shape();
    if (!requireImage(field, type, input) || window == null || stride == null) {
      return Optional.empty();
    }
    if (!same && (window[0] > shape.height() || window[1] > shape.width())) {
      field.error(attribute, Messages.windowLargerThanInput(field.name(), type, attribute, window[0] + "x" + window[1],
          shape.toString(), source(input)));
      return Optional.empty();
    }
    return Optional.of(Window.place(shape.height(), shape.width(), window[0], window[1], stride[0], stride[1], same));
  }

  /** The image a window layer gives; unknown after an error, so no error follows from it. */
  /**
   * The layer whose weights a use of {@code owner} takes (a use of a use takes the original's: the
   * weights have one owner), after reporting an {@code input} that does not fit what that layer
   * reads: of another size ({@code sizeOnly}, a Dense) or of another shape.
   */
  static Node sharedRoot(FieldReading field, Node input, Node owner, boolean sizeOnly) {
    Node root = owner.owner() != null ? owner.owner() : owner;
    Shape expected = root.input().shape();
    boolean fits = sizeOnly ? input.shape().size() == expected.size() : input.shape().equals(expected);
    if (input.shape().known() && expected.known() && !fits) {
      field.error(Messages.sharesOtherShape(field.name(), owner.name(), input.shape().toString(),
          expected.toString()));
    }
    return root;
  }

  static Shape imageOut(Optional<Window.Placed> placed, int channels) {
    return placed.filter(p -> channels > 0).map(p -> Shape.image(p.outHeight(), p.outWidth(), channels))
        .orElse(Shape.unknown());
  }

  /** A window for a node whose window was wrong (reported), so that reading can go on. */
  static final Window STAND_IN = new Window(1, 1, 1, 1, 0, 0);
}
