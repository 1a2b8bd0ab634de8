package dev.kiln.check;

import dev.kiln.CompiledModel;
import dev.kiln.annotations.Padding;
import dev.kiln.engine.NodeSpec;
import dev.kiln.engine.ModelSpec;
import dev.kiln.engine.Normalization;
import dev.kiln.engine.Window;
import dev.kiln.reference.ReferenceCnn;
import dev.kiln.reference.ReferenceCnn.BatchNormSpec;
import dev.kiln.reference.ReferenceCnn.ImageLayerSpec;
import dev.kiln.reference.ReferenceCnn.TailLayerSpec;
import dev.kiln.reference.ReferenceImageLayers.Shape;
import dev.kiln.reference.ReferenceNetwork.DenseSpec;
import java.util.ArrayList;
import java.util.List;

/** The plain-Java CNN reference with a compiled model's architecture and current parameters. */
final class CnnMirror {
  private CnnMirror() {}

  static ReferenceCnn of(CompiledModel net) {
    ModelSpec spec = net.spec();
    List<ImageLayerSpec> image = new ArrayList<>();
    List<TailLayerSpec> tail = new ArrayList<>();
    for (NodeSpec layer : spec.layers()) {
      Window w = layer.window();
      switch (layer.kind()) {
        case DENSE -> tail.add(new DenseSpec(layer.units(), layer.activation(), layer.alpha(), layer.bias()));
        case BATCH_NORMALIZATION -> {
          Normalization n = layer.normalization();
          BatchNormSpec norm = new BatchNormSpec(n.momentum(), n.epsilon(), layer.activation(), layer.alpha());
          if (tail.isEmpty()) {
            image.add(norm);
          } else {
            tail.add(norm);
          }
        }
        case CONV2D -> image.add(new ReferenceCnn.ConvSpec(layer.units(), w.height(), w.width(), w.strideHeight(),
            w.strideWidth(), padding(layer), layer.activation(), layer.alpha(), layer.bias()));
        case MAX_POOL2D -> image.add(new ReferenceCnn.MaxPoolSpec(w.height(), w.width(), w.strideHeight(),
            w.strideWidth(), padding(layer)));
        case AVG_POOL2D -> image.add(new ReferenceCnn.AvgPoolSpec(w.height(), w.width(), w.strideHeight(),
            w.strideWidth(), padding(layer)));
        case GLOBAL_AVERAGE_POOLING2D -> image.add(new ReferenceCnn.GlobalAvgPoolSpec());
        default -> throw new IllegalArgumentException(layer.type());
      }
    }
    int[] in = spec.layers().get(0).inputShape();
    Shape input = in.length == 3 ? new Shape(in[0], in[1], in[2]) : new Shape(1, 1, in[0]);
    ReferenceCnn reference = new ReferenceCnn(input, image, tail, spec.loss(), spec.l2());
    for (int l = 0; l < spec.layers().size(); l++) {
      reference.setParameters(l, net.layers().get(l).parameters());
    }
    return reference;
  }

  /** SAME when the window is padded or the output is larger than VALID would give. */
  private static Padding padding(NodeSpec layer) {
    Window w = layer.window();
    int[] in = layer.inputShape();
    int[] out = layer.outputShape();
    boolean valid = w.padTop() == 0 && w.padLeft() == 0
        && out[0] == (in[0] - w.height()) / w.strideHeight() + 1
        && out[1] == (in[1] - w.width()) / w.strideWidth() + 1;
    return valid ? Padding.VALID : Padding.SAME;
  }
}
