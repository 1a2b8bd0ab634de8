package dev.kiln.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.kiln.CompiledModel;
import dev.kiln.engine.ModelSpec;
import dev.kiln.engine.NodeSpec;
import dev.kiln.engine.ParameterBlock;
import dev.kiln.layers.LayerHandle;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs an exported model in ONNX Runtime itself and compares its outputs with the model's {@code
 * predict} on the same samples, within {@link #TOLERANCE}.
 */
public final class OnnxRuntimeCheck {
  /**
   * How far ONNX Runtime's outputs may be from predict's: relative to the largest of the sample's
   * outputs (a normwise relative error), so that an output that is the small remainder of a large
   * sum is not held to more digits than float32 sums keep.
   */
  public static final double TOLERANCE = 1e-5;

  private OnnxRuntimeCheck() {}

  /**
   * Draws the model's initial weights from {@code seed}, then gives the blocks that start constant a
   * random value too (biases and betas in +-0.2, gammas and running variances in [0.5, 1.5], running
   * means in +-0.2), so that a block in the wrong place or order shows; the weights keep their
   * initialiser's scale, as trained weights roughly do.
   */
  public static void randomize(CompiledModel model, long seed) {
    model.initialize(seed);
    Random random = new Random(seed);
    Map<String, LayerHandle> handles = new HashMap<>();
    model.layers().forEach(h -> handles.put(h.name(), h));
    for (NodeSpec layer : model.spec().layers()) {
      if (layer.parameterCount() == 0) {
        continue;
      }
      LayerHandle handle = handles.get(layer.name());
      double[] values = handle.parameters();
      int at = 0;
      for (ParameterBlock block : layer.parameters()) {
        for (int i = 0; i < block.size(); i++, at++) {
          values[at] = switch (block.init()) {
            case ZEROS, UNIT_FORGET_BIAS -> values[at] + 0.4 * random.nextDouble() - 0.2;
            case ONES -> 0.5 + random.nextDouble();
            default -> values[at];
          };
        }
      }
      handle.setParameters(values);
    }
  }

  /**
   * {@code n} rows of the model's inputs side by side: floats from a normal distribution, indices
   * uniform over the vocabulary of the Embedding reading them, with a third of them 0 (padding, for a
   * masked one), the first sample's all 0 and the second's 0 for its first half.
   */
  public static float[][] samples(CompiledModel model, int n, long seed) {
    Random random = new Random(seed);
    ModelSpec spec = model.spec();
    float[][] rows = new float[n][spec.inputWidth()];
    for (NodeSpec input : spec.inputs()) {
      int column = spec.column(input);
      int vocabulary = input.indices() ? vocabularyOf(spec, input) : 0;
      for (int s = 0; s < n; s++) {
        for (int i = 0; i < input.outputs(); i++) {
          boolean padding = s == 0 || s == 1 && i < input.outputs() / 2 || random.nextInt(3) == 0;
          rows[s][column + i] = !input.indices() ? (float) random.nextGaussian()
              : padding ? 0 : random.nextInt(vocabulary);
        }
      }
    }
    return rows;
  }

  private static int vocabularyOf(ModelSpec spec, NodeSpec input) {
    return spec.nodes().stream().filter(n -> n.from().contains(input.name()) && !n.parameters().isEmpty())
        .findFirst().orElseThrow().parameters().get(0).shape()[0];
  }

  /** Exports {@code model} and asserts that ONNX Runtime gives what predict gives on {@code samples}. */
  public static void assertMatches(CompiledModel model, float[][] samples) {
    assertMatches(model, OnnxExport.toModel(model).toByteArray(), samples);
  }

  /** Asserts that the ONNX model {@code onnx} gives what {@code model}'s predict gives on {@code samples}. */
  public static void assertMatches(CompiledModel model, byte[] onnx, float[][] samples) {
    float[][] expected = model.predict(samples);
    float[][] actual = run(onnx, model.spec(), samples);
    double worst = 0;
    for (int s = 0; s < samples.length; s++) {
      assertEquals(expected[s].length, actual[s].length, "values per sample");
      double scale = Float.MIN_NORMAL;
      for (float value : expected[s]) {
        scale = Math.max(scale, Math.abs(value));
      }
      for (int i = 0; i < expected[s].length; i++) {
        double difference = Math.abs(expected[s][i] - actual[s][i]) / scale;
        if (!(difference <= TOLERANCE)) {
          fail(model.spec().simpleName() + ": sample " + s + ", output " + i + ": predict gives " + expected[s][i]
              + ", ONNX Runtime " + actual[s][i] + " (the sample's largest output is " + scale + ")");
        }
        worst = Math.max(worst, difference);
      }
    }
    System.out.printf("%s: ONNX Runtime and predict agree on %d samples within %.2g relative%n",
        model.spec().simpleName(), samples.length, worst);
  }

  /** The ONNX model's outputs on {@code samples}, each sample's outputs side by side as predict gives them. */
  public static float[][] run(byte[] onnx, ModelSpec spec, float[][] samples) {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    int n = samples.length;
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try (OrtSession session = environment.createSession(onnx, new OrtSession.SessionOptions())) {
      for (NodeSpec input : spec.inputs()) {
        inputs.put(input.name(), tensor(environment, input, spec.column(input), samples));
      }
      List<NodeSpec> outputs = spec.outputs().isEmpty() ? List.of(spec.output()) : spec.outputs();
      float[][] rows = new float[n][spec.outputWidth()];
      try (OrtSession.Result result = session.run(inputs)) {
        int column = 0;
        for (NodeSpec output : outputs) {
          FloatBuffer values = ((OnnxTensor) result.get(output.name()).orElseThrow()).getFloatBuffer();
          int width = output.outputs();
          assertEquals((long) n * width, values.remaining(), output.name() + "'s values");
          for (int s = 0; s < n; s++) {
            values.get(rows[s], column, width);
          }
          column += width;
        }
      }
      return rows;
    } catch (OrtException e) {
      throw new AssertionError("ONNX Runtime: " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  private static OnnxTensor tensor(OrtEnvironment environment, NodeSpec input, int column, float[][] samples)
      throws OrtException {
    int[] declared = input.declared();
    long[] shape = new long[declared.length + 1];
    shape[0] = samples.length;
    for (int d = 0; d < declared.length; d++) {
      shape[d + 1] = declared[d];
    }
    int width = input.outputs();
    if (input.indices()) {
      LongBuffer values = LongBuffer.allocate(samples.length * width);
      for (float[] sample : samples) {
        for (int i = 0; i < width; i++) {
          values.put((long) sample[column + i]);
        }
      }
      return OnnxTensor.createTensor(environment, values.flip(), shape);
    }
    FloatBuffer values = FloatBuffer.allocate(samples.length * width);
    for (float[] sample : samples) {
      values.put(sample, column, width);
    }
    return OnnxTensor.createTensor(environment, values.flip(), shape);
  }
}
