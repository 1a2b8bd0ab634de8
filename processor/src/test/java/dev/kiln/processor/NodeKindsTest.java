package dev.kiln.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.kiln.processor.layers.NodeKind;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The processor's kinds and the runtime's are the same list: the generated description names one by the other. */
class NodeKindsTest {
  @Test
  void everyKindHasItsRuntimeTwinWithTheSameRole() {
    for (NodeKind kind : NodeKind.values()) {
      dev.kiln.engine.NodeKind runtime = dev.kiln.engine.NodeKind.valueOf(kind.name());
      assertWithMessage(kind + " type name").that(runtime.typeName()).isEqualTo(kind.typeName());
      assertWithMessage(kind + " owns buffers").that(runtime.isLayer())
          .isEqualTo(!kind.isInput() && !kind.definition().isView());
      assertWithMessage(kind + " activates").that(runtime.activates()).isEqualTo(kind.definition().takesActivation());
    }
    assertWithMessage("runtime kinds").that(dev.kiln.engine.NodeKind.values().length)
        .isEqualTo(NodeKind.values().length);
  }

  @Test
  void everyFieldTypeIsARuntimeClass() throws ClassNotFoundException {
    for (NodeKind kind : NodeKind.values()) {
      Class.forName(kind.definition().qualifiedName());
    }
    assertWithMessage("kinds").that(Arrays.stream(NodeKind.values()).map(NodeKind::typeName).distinct().count())
        .isEqualTo(NodeKind.values().length);
  }
}
