package dev.kiln.processor.layers;

import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.Shape;
import dev.kiln.processor.ir.Window;
import dev.kiln.processor.report.Messages;
import java.util.Arrays;

/** What several kinds' definitions read alike: sizes that must be positive, windows and their placement. */
final class Reading {
  private Reading() {}

  /** How messages name what a node reads: "the model input", or the nearest layer before it ("'conv1'"). */
  static String source(Node input) {
    if (input.kind().isInput()) {
      return "the model input";
    }
    return input.kind().definition().isView() ? source(input.input()) : "'" + input.name() + "'";
  }

  /** An int attribute the layer needs, at least 1: reported when missing or not positive (1 stands in). */
  static int positive(FieldReading field, String type, String attribute, String example) {
    if (!field.isSet(attribute)) {
      field.error(attribute, attribute.equals("units") ? Messages.missingUnits(field.name())
          : Messages.missingAttribute(field.name(), type, attribute, example));
      return 1;
    }
    int value = field.integer(attribute);
    if (value <= 0) {
      field.error(attribute, attribute.equals("units") ? Messages.nonPositiveUnits(field.name(), value)
          : Messages.nonPositiveAttribute(field.name(), attribute, value, example));
      return 1;
    }
    return value;
  }

  /** A (height, width) attribute: one number for both, or two; each at least 1. */
  static int[] pair(FieldReading field, String attribute, int[] defaults) {
    if (!field.isSet(attribute)) {
      return defaults;
    }
    int[] values = field.integers(attribute);
    if (values.length < 1 || values.length > 2) {
      field.error(attribute, Messages.pairLength(field.name(), attribute, values));
      return defaults;
    }
    if (Arrays.stream(values).anyMatch(v -> v <= 0)) {
      field.error(attribute, Messages.nonPositivePair(field.name(), attribute, values));
      return defaults;
    }
    return values.length == 1 ? new int[] {values[0], values[0]} : values;
  }

  /** Reports an input that is no image; true when it is one. */
  static boolean requireImage(FieldReading field, String type, Node input) {
    if (!input.shape().image()) {
      field.error(Messages.imageLayerOnFlat(field.name(), type, source(input), input.shape().toString()));
      return false;
    }
    return true;
  }

  /**
   * The window over the input image, reporting an input that is no image or a VALID window larger
   * than it; {@code attribute} is the one that sets the window (kernel or pool).
   */
  static Window.Placed place(FieldReading field, String type, Node input, String attribute, int[] window,
                             int[] stride, boolean same) {
    Shape shape = input.shape();
    boolean image = requireImage(field, type, input);
    if (image && !same && (window[0] > shape.height() || window[1] > shape.width())) {
      field.error(attribute, Messages.windowLargerThanInput(field.name(), type, attribute, window[0] + "x" + window[1],
          shape.toString(), source(input)));
    }
    Shape placedOn = image ? shape : Shape.image(1, 1, shape.channels());
    return Window.place(placedOn.height(), placedOn.width(), window[0], window[1], stride[0], stride[1], same);
  }

  /** The image a window layer gives; after an input that is no image (reported), a row, so no error follows. */
  static Shape imageOut(Shape in, Window.Placed placed, int channels) {
    return in.image() ? Shape.image(placed.outHeight(), placed.outWidth(), channels) : Shape.flat(channels);
  }
}
