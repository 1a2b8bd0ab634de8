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
import dev.kiln.processor.ir.Output;
import dev.kiln.processor.ir.Settings;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The methods that feed a model with several inputs or outputs, or with indices, by name and type: {@code
 * dataset(int[] user, int[] movie, float[] labels)} (with one labels argument per output) and {@code
 * predict(int user, int movie)}. A
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

  /**
   * None for a model of one float input and one output, which CompiledModel's own methods feed; for
   * one float input and several outputs, only {@code dataset} (CompiledModel's predict takes that input).
   */
  List<MethodSpec> methods() {
    boolean typedInputs = inputs.size() > 1 || inputs.stream().anyMatch(TypedInputs::indices);
    List<MethodSpec> methods = new ArrayList<>();
    if ((typedInputs || model.outputs().size() > 1) && model.loss() != Loss.NONE) {
      methods.add(dataset());
    }
    if (typedInputs) {
      methods.add(predictOne());
      methods.add(predictMany());
    }
    return methods;
  }

  private MethodSpec dataset() {
    NameAllocator names = new NameAllocator();
    inputs.forEach(n -> names.newName(n.name(), n));
    MethodSpec.Builder method = MethodSpec.methodBuilder("dataset")
        .addJavadoc("A data set for this model: per sample $L, and its label.\n", described())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(DATASET);
    for (Node input : inputs) {
      method.addParameter(manyType(input), names.get(input));
    }
    CodeBlock columns = columns(names);
    List<Output> outputs = model.outputs();
    if (outputs.size() > 1) {
      // one labels argument per output, named after it
      List<CodeBlock> labelColumns = new ArrayList<>();
      for (Output output : outputs) {
        String name = names.newName(output.node().name() + "Labels", output);
        method.addParameter(labelType(output), name);
        labelColumns.add(CodeBlock.of("$T.$L($S, $N)", COLUMN, labelFactory(output), output.node().name(), name));
      }
      return method.addStatement("return $T.ofInputs($L, $T.of($L))", DATASET, columns, List.class,
          CodeBlock.join(labelColumns, ", ")).build();
    }
    String labels = names.newName("labels");
    Output output = outputs.get(0);
    method.addParameter(labelType(output), labels);
    if (output.loss() == Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY) {
      method.addStatement("return $T.ofInputs($L, $N, $L)", DATASET, columns, labels, output.node().shape().size());
    } else if (output.labelWidth() == 1) {
      method.addStatement("return $T.ofInputs($L, $N, 1)", DATASET, columns, labels);
    } else {
      method.addStatement("return $T.ofInputs($L, $N)", DATASET, columns, labels);
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

  /** An output's labels: class indices, one value, or a row of values per sample. */
  private static TypeName labelType(Output output) {
    return output.loss() == Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY ? INTS : output.labelWidth() == 1 ? FLOATS
        : FLOAT_ROWS;
  }

  private static String labelFactory(Output output) {
    return output.loss() == Loss.SPARSE_CATEGORICAL_CROSS_ENTROPY ? "indices" : output.labelWidth() == 1 ? "values"
        : "features";
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
