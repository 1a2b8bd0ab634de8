package dev.kiln.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.processor.ir.LayerIr;
import dev.kiln.processor.ir.ModelIr;
import dev.kiln.processor.ir.Shape;
import dev.kiln.processor.ir.Window;
import dev.kiln.processor.plan.Arg;
import dev.kiln.processor.plan.Kernel;
import dev.kiln.processor.plan.KernelPlan;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Stage 4b: the {@code <Model>Compiled} class. It extends the user's class, describes the model
 * ({@code SPEC}), and holds the model's kernels with their arguments bound and the order in which
 * each step launches them; the generic work (buffers, loops, data) is the runtime's Engine.
 */
public final class JavaEmitter {
  private static final String RUNTIME = "dev.kiln";
  private static final ClassName COMPILED_MODEL = ClassName.get(RUNTIME, "CompiledModel");
  private static final ClassName HISTORY = ClassName.get(RUNTIME, "History");
  private static final ClassName FIT = ClassName.get(RUNTIME, "Fit");
  private static final ClassName EVALUATION = ClassName.get(RUNTIME, "Evaluation");
  private static final ClassName DATASET = ClassName.get(RUNTIME + ".data", "Dataset");
  private static final ClassName SCALER = ClassName.get(RUNTIME + ".data", "Scaler");
  private static final ClassName CL_DEVICE = ClassName.get(RUNTIME + ".cl", "ClDevice");
  private static final ClassName CL_CONTEXT = ClassName.get(RUNTIME + ".cl", "ClContext");
  private static final ClassName CL_PROGRAM = ClassName.get(RUNTIME + ".cl", "ClProgram");
  private static final ClassName CL_KERNEL = ClassName.get(RUNTIME + ".cl", "ClKernel");
  private static final ClassName ENGINE = ClassName.get(RUNTIME + ".engine", "Engine");
  private static final ClassName MODEL_SPEC = ClassName.get(RUNTIME + ".engine", "ModelSpec");
  private static final ClassName BUFFERS = ClassName.get(RUNTIME + ".engine", "Buffers");
  private static final ClassName STEP_KERNELS = ClassName.get(RUNTIME + ".engine", "StepKernels");
  private static final ClassName WINDOW = ClassName.get(RUNTIME + ".engine", "Window");
  private static final ClassName NORMALIZATION = ClassName.get(RUNTIME + ".engine", "Normalization");
  private static final ClassName LAYER_HANDLE = ClassName.get(RUNTIME + ".layers", "LayerHandle");
  private static final ClassName ANNOTATIONS = ClassName.get("dev.kiln.annotations", "Loss");
  private static final ClassName PRINT_STREAM = ClassName.get("java.io", "PrintStream");
  private static final ClassName PATH = ClassName.get("java.nio.file", "Path");
  private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  public JavaFile emit(KernelPlan plan, String kernelResource) {
    ModelIr model = plan.model();
    ClassName compiled = ClassName.get(model.packageName(), model.compiledName());
    TypeSpec type = TypeSpec.classBuilder(compiled)
        .addJavadoc("The compiled form of {@link $T}: $L layers, $L parameters, $L kernels,\n$L launches per"
                + " training step.\n\n<p>Open it with {@link #open()} and close it when done; after {@code open},\n"
                + "each layer field holds a live handle to that layer.\n",
            ClassName.get(model.type()), model.layers().size(), parameterCount(model), plan.kernels().size(),
            plan.trainingStep().size())
        .addAnnotation(AnnotationSpec.builder(GENERATED)
            .addMember("value", "$S", "dev.kiln.processor.KilnProcessor")
            .addMember("comments", "$S", "from " + model.type().getQualifiedName())
            .build())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .superclass(ClassName.get(model.type()))
        .addSuperinterface(COMPILED_MODEL)
        .addOriginatingElement(model.type())
        .addField(spec(plan))
        .addField(ENGINE, "engine", Modifier.PRIVATE, Modifier.FINAL)
        .addMethod(constructor(model))
        .addMethod(MethodSpec.methodBuilder("open")
            .addJavadoc("Opens the model on the best OpenCL device, or the one {@code kiln.device} or"
                + " {@code KILN_DEVICE} names.\n")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(compiled)
            .addStatement("return open($T.select())", CL_DEVICE)
            .build())
        .addMethod(MethodSpec.methodBuilder("open")
            .addJavadoc("Opens the model on {@code device}: builds its kernels (or loads them from the cache) and"
                + " initialises its weights.\n")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addParameter(CL_DEVICE, "device")
            .returns(compiled)
            .addStatement("return new $T($T.open(SPEC, $T.class.getResource($S), device, Kernels::new))",
                compiled, ENGINE, compiled, kernelResource)
            .build())
        .addMethods(delegations())
        .addType(kernels(plan))
        .build();
    return JavaFile.builder(model.packageName(), type).skipJavaLangImports(true).indent("    ").build();
  }

  private static long parameterCount(ModelIr model) {
    return model.layers().stream().mapToLong(LayerIr::parameterCount).sum();
  }

  private static FieldSpec spec(KernelPlan plan) {
    ModelIr model = plan.model();
    CodeBlock.Builder init = CodeBlock.builder()
        .add("$T.builder($S)\n", MODEL_SPEC, model.type().getQualifiedName().toString())
        .indent().indent()
        .add(".input($L)\n", Arrays.stream(model.inputShape()).mapToObj(Integer::toString)
            .collect(Collectors.joining(", ")))
        .add(model.flatten() == null ? CodeBlock.of("") : CodeBlock.of(".flatten($S)\n",
            model.flatten().getSimpleName().toString()))
        .add(".loss($T.$L)\n", ANNOTATIONS, model.loss().name())
        .add(".optimizer($T.$L)\n", ClassName.get("dev.kiln.annotations", "Optimizer"), model.optimizer().name())
        .add(".batch($L)\n", model.batch())
        .add(".precision($T.$L)\n", ClassName.get("dev.kiln.annotations", "Precision"), model.precision().name())
        .add(".l2($L)\n", model.l2());
    ClassName activation = ClassName.get("dev.kiln.annotations", "ActivationKind");
    for (LayerIr layer : model.layers()) {
      switch (layer.kind()) {
        case DENSE -> init.add(".dense($S, $L, $L, $L, $T.$L, $L)\n", layer.name(), layer.inputWidth(),
            layer.units(), layer.bias(), activation, layer.activation().name(), layer.alpha());
        case CONV2D -> init.add(".conv2d($S, $L, $L, $L, $T.$L, $L)\n", layer.name(), shape(layer.output()),
            window(layer.window()), layer.bias(), activation, layer.activation().name(), layer.alpha());
        case BATCH_NORMALIZATION -> init.add(".batchNormalization($S, $L, new $T($L, $L), $T.$L, $L)\n",
            layer.name(), shape(layer.output()), NORMALIZATION, layer.normalization().momentum(),
            layer.normalization().epsilon(), activation, layer.activation().name(), layer.alpha());
        default -> init.add(".pool($S, $S, $L, $L)\n", layer.name(), layer.kind().simpleName(),
            shape(layer.output()), window(layer.window()));
      }
      if (layer.hasDropout()) {
        init.add(".dropout($S, $L)\n", layer.dropoutField().getSimpleName().toString(), layer.dropout());
      }
      if (layer.flattenField() != null) {
        init.add(".flatten($S)\n", layer.flattenField().getSimpleName().toString());
      }
    }
    init.add(".kernels($L, $L)\n", plan.kernels().size(), plan.trainingStep().size())
        .add(".build()")
        .unindent().unindent();
    return FieldSpec.builder(MODEL_SPEC, "SPEC", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The model as compiled: its layers and shapes, loss, optimizer and batch.\n")
        .initializer(init.build())
        .build();
  }

  private static CodeBlock shape(Shape shape) {
    return shape.image()
        ? CodeBlock.of("new int[] {$L, $L, $L}", shape.height(), shape.width(), shape.channels())
        : CodeBlock.of("new int[] {$L}", shape.channels());
  }

  private static CodeBlock window(Window w) {
    return CodeBlock.of("new $T($L, $L, $L, $L, $L, $L)", WINDOW, w.height(), w.width(), w.strideHeight(),
        w.strideWidth(), w.padTop(), w.padLeft());
  }

  private static MethodSpec constructor(ModelIr model) {
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PRIVATE)
        .addParameter(ENGINE, "engine")
        .addStatement("this.engine = engine");
    if (model.flatten() != null) {
      constructor.addStatement("super.$N = engine.flatten()", model.flatten().getSimpleName().toString());
    }
    for (LayerIr layer : model.layers()) {
      // super: a layer field may share its name with one of this class's own (engine, SPEC)
      constructor.addStatement("super.$N = engine.layer($L, $T.class)", layer.name(), layer.index(),
          ClassName.bestGuess(layer.kind().qualifiedName()));
      if (layer.hasDropout()) {
        constructor.addStatement("super.$N = engine.dropout($L)", layer.dropoutField().getSimpleName().toString(),
            layer.index());
      }
      if (layer.flattenField() != null) {
        constructor.addStatement("super.$N = engine.flatten($L)", layer.flattenField().getSimpleName().toString(),
            layer.index());
      }
    }
    return constructor.build();
  }

  private static List<MethodSpec> delegations() {
    return List.of(
        delegate("fit", HISTORY, "return engine.fit(train, fit)", DATASET, "train", FIT, "fit"),
        delegate("evaluate", EVALUATION, "return engine.evaluate(data)", DATASET, "data"),
        delegate("predict", ArrayTypeName.of(TypeName.FLOAT), "return engine.predict(sample)",
            ArrayTypeName.of(TypeName.FLOAT), "sample"),
        delegate("predict", ArrayTypeName.of(ArrayTypeName.of(TypeName.FLOAT)), "return engine.predict(samples)",
            ArrayTypeName.of(ArrayTypeName.of(TypeName.FLOAT)), "samples"),
        delegate("inputGradient", ArrayTypeName.of(TypeName.FLOAT), "return engine.inputGradient(sample, output)",
            ArrayTypeName.of(TypeName.FLOAT), "sample", TypeName.INT, "output"),
        delegate("scaleInputs", TypeName.VOID, "engine.scaleInputs(scaler)", SCALER, "scaler"),
        delegate("inputScaler", ParameterizedTypeName.get(ClassName.get(Optional.class), SCALER),
            "return engine.inputScaler()"),
        delegate("initialize", TypeName.VOID, "engine.initialize(seed)", TypeName.LONG, "seed"),
        delegate("summary", TypeName.VOID, "engine.summary(out)", PRINT_STREAM, "out"),
        delegate("save", TypeName.VOID, "engine.save(file)", PATH, "file"),
        delegate("load", TypeName.VOID, "engine.load(file)", PATH, "file"),
        delegate("layers", ParameterizedTypeName.get(ClassName.get(List.class), LAYER_HANDLE),
            "return engine.layers()"),
        delegate("spec", MODEL_SPEC, "return SPEC"),
        delegate("device", CL_DEVICE, "return engine.device()"),
        delegate("close", TypeName.VOID, "engine.close()"));
  }

  /** An override of a CompiledModel method; {@code parameters} alternate type and name. */
  private static MethodSpec delegate(String name, TypeName returns, String statement, Object... parameters) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(returns);
    for (int i = 0; i < parameters.length; i += 2) {
      method.addParameter((TypeName) parameters[i], (String) parameters[i + 1]);
    }
    return method.addStatement(statement).build();
  }

  private static TypeSpec kernels(KernelPlan plan) {
    NameAllocator names = new NameAllocator();
    Map<Kernel, String> fields = new LinkedHashMap<>();
    for (Kernel kernel : plan.kernels()) {
      fields.put(kernel, names.newName(camelCase(kernel.name()), kernel));
    }
    TypeSpec.Builder type = TypeSpec.classBuilder("Kernels")
        .addJavadoc("The model's kernels with their arguments bound, and the order in which each step launches"
            + " them.\n")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addSuperinterface(STEP_KERNELS);
    for (Kernel kernel : plan.kernels()) {
      String constant = kernel.name().toUpperCase();
      type.addField(shape(constant + "_GLOBAL", kernel.global()));
      type.addField(shape(constant + "_LOCAL", kernel.local()));
    }
    for (Map.Entry<Kernel, String> field : fields.entrySet()) {
      type.addField(FieldSpec.builder(CL_KERNEL, field.getValue(), Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("$L\n", field.getKey().purpose())
          .build());
    }

    MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
        .addParameter(CL_PROGRAM, "program")
        .addParameter(BUFFERS, "buffers");
    MethodSpec.Builder bindData = MethodSpec.methodBuilder("bindData")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(BUFFERS, "buffers");
    for (Map.Entry<Kernel, String> field : fields.entrySet()) {
      List<Arg> args = field.getKey().args();
      CodeBlock.Builder fixed = CodeBlock.builder().add("$N = program.kernel($S)", field.getValue(), field.getKey().name());
      CodeBlock.Builder data = CodeBlock.builder().add("$N", field.getValue());
      boolean hasData = false;
      for (int i = 0; i < args.size(); i++) {
        Arg arg = args.get(i);
        CodeBlock.Builder target = arg.source().isData() ? data : fixed;
        target.add("\n.arg($L, $L)", i, arg.javaExpression());
        hasData |= arg.source().isData();
      }
      constructor.addStatement(fixed.build());
      if (hasData) {
        bindData.addStatement(data.build());
      }
    }
    constructor.addStatement("bindData(buffers)");

    return type.addMethod(constructor.build())
        .addMethod(bindData.build())
        .addMethod(step("enqueueTrainingStep", plan.trainingStep(), fields))
        .addMethod(step("enqueueForwardStep", plan.forwardStep(), fields))
        .addMethod(step("enqueueInferenceStep", plan.inferenceStep(), fields))
        .addMethod(step("enqueueInputGradientStep", plan.inputGradientStep(), fields))
        .build();
  }

  private static FieldSpec shape(String name, long[] sizes) {
    return FieldSpec.builder(long[].class, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer("{$L}", Arrays.stream(sizes).mapToObj(Long::toString).collect(Collectors.joining(", ")))
        .build();
  }

  private static MethodSpec step(String name, List<Kernel> launches, Map<Kernel, String> fields) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(CL_CONTEXT, "cl");
    for (Kernel kernel : launches) {
      String constant = kernel.name().toUpperCase();
      method.addStatement("cl.launch($N, $L_GLOBAL, $L_LOCAL)", fields.get(kernel), constant, constant);
    }
    return method.build();
  }

  private static String camelCase(String snake) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        upper = out.length() > 0;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }
}
