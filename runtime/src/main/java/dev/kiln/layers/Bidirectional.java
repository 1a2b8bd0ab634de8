package dev.kiln.layers;

import dev.kiln.KilnException;
import dev.kiln.engine.NodeSpec;

/**
 * A recurrent layer run over the sequence both ways, with Keras's semantics ({@code Bidirectional}
 * with its default {@code merge_mode="concat"}): {@code @Layer(units = 64) Bidirectional<LSTM> encoder;}
 * runs one LSTM forwards and another, with weights of its own, backwards, and gives their outputs
 * side by side, the forward one's first (2 units; with {@code returnSequences = true}, every step's,
 * the backward one's put back in the input's order). After the model is opened the field holds this
 * handle; {@link #forward()} and {@link #backward()} are the two layers', laid out as Keras's
 * {@code forward_layer} and {@code backward_layer}. It has no parameters of its own: a model's
 * {@code layers()} lists the two directions just before it.
 *
 * @param <L> the recurrent layer it runs both ways: {@link LSTM}, {@link GRU} or {@link SimpleRNN}
 */
public final class Bidirectional<L extends LayerHandle> extends ParameterlessLayer {
  private final LayerHandle forward;
  private final LayerHandle backward;

  /** Made when a model is opened, from the handles of its two directions. */
  public Bidirectional(NodeSpec spec, LayerHandle forward, LayerHandle backward) {
    super(spec);
    this.forward = forward;
    this.backward = backward;
  }

  /** The layer that reads the steps first to last. */
  public L forward() {
    return cell(forward);
  }

  /** The layer that reads the steps last to first. */
  public L backward() {
    return cell(backward);
  }

  /**
   * This handle as a Bidirectional of {@code type}, for the generated code; a KilnException when its
   * directions are layers of another kind (a generated class older than its model's source).
   */
  @SuppressWarnings("unchecked") // both directions were checked to be of type C
  public <C extends LayerHandle> Bidirectional<C> of(Class<C> type) {
    if (!type.isInstance(forward) || !type.isInstance(backward)) {
      throw new KilnException("layer '" + name() + "' runs " + forward.getClass().getSimpleName() + " layers, not "
          + type.getSimpleName() + "; rebuild the project so that the generated class and the model agree");
    }
    return (Bidirectional<C>) this;
  }

  @SuppressWarnings("unchecked") // of(Class) checked the directions against L when the field was set
  private L cell(LayerHandle direction) {
    return (L) direction;
  }

  @Override
  public String toString() {
    return name() + " (Bidirectional of " + forward + " and " + backward + ")";
  }
}
