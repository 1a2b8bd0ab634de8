package dev.kiln.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import dev.kiln.annotations.Loss;
import dev.kiln.processor.ir.ModelGraph;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.Settings;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The methods that feed a model with several inputs, or with indices, by name and type: {@code
 * dataset(int[] user, int[] movie, float[] labels)} and {@code predict(int user, int movie)}. A
 * missing input, or one of the wrong type, is then a javac error, not a surprise at run time. The
 * values go into a data set's rows side by side, in declaration order, as the kernels read them.
 */
final class TypedInputs {
  private static final ClassName DATASET = ClassName.get("dev.kiln.data", "Dataset");
  private static final ClassName COLUMN = ClassName.get("dev.kiln.data", "Column");
  private static final TypeName FLOATS = ArrayTypeName.of(TypeName.FLOAT);
  private static final TypeName FLOAT_ROWS = ArrayTypeName.of(FLOATS);
  private static final TypeName INTS = ArrayTypeName.of(TypeName.INT);
  private static final TypeName INT_ROWS = ArrayTypeName.of(INTS);

  private final ModelGraph model;
  private final List<Node> inputs;

  private TypedInputs(ModelGraph model) {
    this.model = model;
    this.inputs = model.inputs();
  }

  static TypedInputs of(ModelGraph model) {
    return new TypedInputs(model);
  }

  /** None for a model of one float input, which CompiledModel's own methods feed. */
  List<MethodSpec> methods() {
    boolean indices = inputs.stream().anyMatch(TypedInputs::indices);
    if (inputs.size() < 2 && !indices) {
      return List.of();
    }
    return List.of(dataset(), predictOne(), predictMany());
  }

  private MethodSpec dataset() {
    NameAllocator names = new NameAllocator();
    inputs.forEach(n -> names.newName(n.name(), n));
    String labels = names.newName("labels");
    MethodSpec.Builder method = MethodSpec.methodBuilder("dataset")
        .addJavadoc("A data set for this model: per sample $L, and its label.\n", described())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(DATASET);
    for (Node input : inputs) {
      method.addParameter(manyType(input), names.get(input));
    }
    CodeBlock columns = columns(names);
    if (model.loss() == Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY) {
      method.addParameter(INTS, labels)
          .addStatement("return $T.ofInputs($L, $N, $L)", DATASET, columns, labels, model.output().shape().size());
    } else if (model.labelWidth() == 1) {
      method.addParameter(FLOATS, labels).addStatement("return $T.ofInputs($L, $N, 1)", DATASET, columns, labels);
    } else {
      method.addParameter(FLOAT_ROWS, labels).addStatement("return $T.ofInputs($L, $N)", DATASET, columns, labels);
    }
    return method.build();
  }

  private MethodSpec predictOne() {
    MethodSpec.Builder method = MethodSpec.methodBuilder("predict")
        .addJavadoc("The model's output for one sample of $L.\n", described())
        .addModifiers(Modifier.PUBLIC)
        .returns(FLOATS);
    List<CodeBlock> parts = new ArrayList<>();
    for (Node input : inputs) {
      method.addParameter(oneType(input), input.name());
      parts.add(indices(input) && length(input) == 1 ? CodeBlock.of("new int[] {$N}", input.name())
          : CodeBlock.of("$N", input.name()));
    }
    return method.addStatement("return predict($T.row($L))", COLUMN, CodeBlock.join(parts, ", ")).build();
  }

  private MethodSpec predictMany() {
    NameAllocator names = new NameAllocator();
    inputs.forEach(n -> names.newName(n.name(), n));
    MethodSpec.Builder method = MethodSpec.methodBuilder("predict")
        .addJavadoc("The model's outputs for many samples of $L, one row each.\n", described())
        .addModifiers(Modifier.PUBLIC)
        .returns(FLOAT_ROWS);
    for (Node input : inputs) {
      method.addParameter(manyType(input), names.get(input));
    }
    return method.addStatement("return predict($T.rows($L))", COLUMN, columns(names)).build();
  }

  /** {@code List.of(Column.indices("user", user), ...)}. */
  private CodeBlock columns(NameAllocator names) {
    List<CodeBlock> columns = new ArrayList<>();
    for (Node input : inputs) {
      columns.add(CodeBlock.of("$T.$L($S, $N)", COLUMN, indices(input) ? "indices" : "features", input.name(),
          names.get(input)));
    }
    return CodeBlock.of("$T.of($L)", List.class, CodeBlock.join(columns, ", "));
  }

  private String described() {
    List<String> parts = new ArrayList<>();
    for (Node input : inputs) {
      parts.add("{@code " + input.name() + "} (" + (indices(input) ? length(input) == 1 ? "an index"
          : length(input) + " indices" : input.shape().size() + " values") + ")");
    }
    return String.join(", ", parts);
  }

  private static TypeName oneType(Node input) {
    return indices(input) ? length(input) == 1 ? TypeName.INT : INTS : FLOATS;
  }

  private static TypeName manyType(Node input) {
    return indices(input) ? length(input) == 1 ? INTS : INT_ROWS : FLOAT_ROWS;
  }

  private static boolean indices(Node input) {
    return input.settings(Settings.Input.class).indices();
  }

  private static int length(Node input) {
    return input.shape().size();
  }
}
