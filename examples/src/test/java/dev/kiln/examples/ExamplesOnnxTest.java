package dev.kiln.examples;

import dev.kiln.CompiledModel;
import dev.kiln.onnx.OnnxRuntimeCheck;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example's model, the composed ones included, exported and run in ONNX Runtime against
 * predict on the same samples, with random parameters.
 */
class ExamplesOnnxTest {
  static Stream<Named<Supplier<CompiledModel>>> models() {
    return Stream.of(
        Named.of("Xor", Xor_XorNetCompiled::open),
        Named.of("FashionMlp", FashionMlp_NetCompiled::open),
        Named.of("FashionCnn", FashionCnn_NetCompiled::open),
        Named.of("Cifar10Cnn", Cifar10Cnn_NetCompiled::open),
        Named.of("BreastCancer", BreastCancer_NetCompiled::open),
        Named.of("BostonHousing", BostonHousing_NetCompiled::open),
        Named.of("IrisTwoOutputs", IrisTwoOutputs_NetCompiled::open),
        Named.of("FashionWithHint", FashionWithHint_NetCompiled::open),
        Named.of("FashionRowsLstm", FashionRowsLstm_NetCompiled::open),
        Named.of("SpamLstm", SpamLstm_NetCompiled::open),
        Named.of("FashionCaptions", FashionCaptions_NetCompiled::open),
        Named.of("Recommender dot", Recommender_DotNetCompiled::open),
        Named.of("Recommender MLP", Recommender_MlpNetCompiled::open),
        Named.of("FashionGan generator", FashionGan_GeneratorCompiled::open),
        Named.of("FashionGan discriminator", FashionGan_DiscriminatorCompiled::open),
        Named.of("FashionGan whole", FashionGan_GanCompiled::open),
        Named.of("FashionFineTune convolutions", FashionFineTune_ConvolutionsCompiled::open),
        Named.of("FashionFineTune new head", FashionFineTune_NewHeadCompiled::open),
        Named.of("FashionFineTune whole", FashionFineTune_WholeModelCompiled::open));
  }

  @ParameterizedTest
  @MethodSource("models")
  void onnxRuntimeGivesWhatPredictGives(Supplier<CompiledModel> open) {
    try (CompiledModel model = open.get()) {
      OnnxRuntimeCheck.randomize(model, 7);
      OnnxRuntimeCheck.assertMatches(model, OnnxRuntimeCheck.samples(model, 24, 8));
    }
  }
}
