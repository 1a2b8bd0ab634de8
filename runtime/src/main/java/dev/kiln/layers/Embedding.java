package dev.kiln.layers;

import dev.kiln.KilnException;
import dev.kiln.engine.NodeSpec;
import dev.kiln.engine.ParameterStore;
import java.util.Arrays;

/**
 * An embedding: a learned vector of {@code units} values for each of {@code vocabulary} indices,
 * {@code @Layer(from = "user", vocabulary = 671, units = 10) Embedding userVector;}. One index gives
 * a row of {@code units} values, a sequence of L indices a sequence (L, units). After the model is
 * opened the field holds this live handle to its table, {@code [vocabulary][units]}.
 */
public final class Embedding extends ParameterizedLayer {
  /** Made when a model is opened. */
  public Embedding(NodeSpec spec, ParameterStore store) {
    super(spec, store);
  }

  public int vocabulary() {
    return spec.parameters().get(0).shape()[0];
  }

  public int units() {
    return spec.units();
  }

  /** A copy of the vector of index {@code index}. */
  public float[] vector(int index) {
    if (index < 0 || index >= vocabulary()) {
      throw new KilnException("index " + index + " is outside the vocabulary of '" + name() + "', 0.."
          + (vocabulary() - 1));
    }
    double[] table = parameters();
    float[] vector = new float[units()];
    for (int u = 0; u < vector.length; u++) {
      vector[u] = (float) table[index * units() + u];
    }
    return vector;
  }

  /** A copy of the whole table, {@code [vocabulary][units]}. */
  public float[][] vectors() {
    double[] table = parameters();
    float[][] vectors = new float[vocabulary()][units()];
    for (int i = 0; i < vectors.length; i++) {
      for (int u = 0; u < units(); u++) {
        vectors[i][u] = (float) table[i * units() + u];
      }
    }
    return vectors;
  }

  /** Replaces the table; {@code vectors} must be {@code [vocabulary][units]}, e.g. pretrained word vectors. */
  public void setVectors(float[][] vectors) {
    if (vectors.length != vocabulary()) {
      throw new KilnException("layer '" + name() + "' has " + vocabulary() + " vectors, got " + vectors.length);
    }
    double[] table = new double[vocabulary() * units()];
    for (int i = 0; i < vectors.length; i++) {
      if (vectors[i].length != units()) {
        throw new KilnException("layer '" + name() + "' has vectors of " + units() + " values, vector " + i
            + " has " + vectors[i].length);
      }
      for (int u = 0; u < units(); u++) {
        table[i * units() + u] = vectors[i][u];
      }
    }
    setParameters(table);
  }

  @Override
  public String toString() {
    return name() + " (Embedding " + vocabulary() + " x " + units() + " -> " + Arrays.toString(spec.outputShape())
        + ")";
  }
}
