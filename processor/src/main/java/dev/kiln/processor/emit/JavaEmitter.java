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
import dev.kiln.processor.ir.Activation;
import dev.kiln.processor.ir.GanShape;
import dev.kiln.processor.ir.ModelGraph;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.ParameterBlock;
import dev.kiln.processor.ir.Part;
import dev.kiln.processor.ir.Shape;
import dev.kiln.processor.plan.Arg;
import dev.kiln.processor.plan.Kernel;
import dev.kiln.processor.plan.KernelPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

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
  private static final ClassName BATCH_RESULT = ClassName.get(RUNTIME, "BatchResult");
  private static final ClassName GAN_STEP = ClassName.get(RUNTIME, "GanStep");
  private static final ClassName NOISE = ClassName.get(RUNTIME, "Noise");
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
  private static final ClassName NODE_KIND = ClassName.get(RUNTIME + ".engine", "NodeKind");
  private static final ClassName INIT = ClassName.get(RUNTIME + ".engine", "ParameterBlock", "Init");
  private static final ClassName ACTIVATION = ClassName.get("dev.kiln.annotations", "ActivationKind");
  private static final ClassName LAYER_HANDLE = ClassName.get(RUNTIME + ".layers", "LayerHandle");
  private static final ClassName ANNOTATIONS = ClassName.get("dev.kiln.annotations", "Loss");
  private static final ClassName PRINT_STREAM = ClassName.get("java.io", "PrintStream");
  private static final ClassName PATH = ClassName.get("java.nio.file", "Path");
  private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  /** The compiled class of {@code plan}'s model, declared by {@code modelType}. */
  public JavaFile emit(KernelPlan plan, TypeElement modelType, String kernelResource) {
    ModelGraph model = plan.model();
    ClassName modelClass = ClassName.get(modelType);
    ClassName compiled = ClassName.get(model.packageName(), model.compiledName());
    TypeSpec.Builder type = TypeSpec.classBuilder(compiled)
        .addJavadoc("The compiled form of {@link $T}: $L layers, $L parameters, $L kernels,\n$L launches per"
                + " training step.\n\n<p>Open it with {@link #open()} and close it when done; after {@code open},\n"
                + "each layer field holds a live handle to that layer.\n",
            modelClass, model.layers().size(), parameterCount(model), plan.kernels().size(),
            plan.trainingStep().size())
        .addAnnotation(AnnotationSpec.builder(GENERATED)
            .addMember("value", "$S", "dev.kiln.processor.KilnProcessor")
            .addMember("comments", "$S", "from " + model.qualifiedName())
            .build())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .superclass(modelClass)
        .avoidClashesWithNestedClasses(modelType)
        .alwaysQualify(QualifiedNames.of(modelType))
        .addSuperinterface(COMPILED_MODEL)
        .addOriginatingElement(modelType)
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
            .addCode(opening(model, compiled, kernelResource))
            .build())
        .addMethod(partOf(compiled, kernelResource))
        .addMethods(partAccessors(model))
        .addMethods(adversarialStep(model))
        .addMethods(delegations())
        .addMethods(TypedInputs.of(model).methods())
        .addType(kernels(plan));
    if (isSerializable(modelType)) {
      // the model's own choice; without a version of its own, -Xlint:serial warns on this class
      type.addField(FieldSpec.builder(long.class, "serialVersionUID", Modifier.PRIVATE, Modifier.STATIC,
          Modifier.FINAL).initializer("1L").build());
    }
    return JavaFile.builder(model.packageName(), type.build()).skipJavaLangImports(true).indent("    ").build();
  }

  private static boolean isSerializable(TypeElement type) {
    if (type.getQualifiedName().contentEquals("java.io.Serializable")) {
      return true;
    }
    List<TypeMirror> supertypes = new ArrayList<>(type.getInterfaces());
    supertypes.add(type.getSuperclass());
    return supertypes.stream().anyMatch(t -> t instanceof DeclaredType declared
        && isSerializable((TypeElement) declared.asElement()));
  }

  private static long parameterCount(ModelGraph model) {
    return model.layers().stream().mapToLong(Node::parameterCount).sum();
  }

  private static FieldSpec spec(KernelPlan plan) {
    ModelGraph model = plan.model();
    CodeBlock.Builder init = CodeBlock.builder()
        .add("$T.builder($S)\n", MODEL_SPEC, model.qualifiedName())
        .indent().indent()
        .add(".loss($T.$L)\n", ANNOTATIONS, model.mainLoss().name())
        .add(".optimizer($T.$L)\n", ClassName.get("dev.kiln.annotations", "Optimizer"), model.optimizer().name())
        .add(".batch($L)\n", model.batch())
        .add(".precision($T.$L)\n", ClassName.get("dev.kiln.annotations", "Precision"), model.precision().name())
        .add(".l2($L)\n", model.l2());
    for (Node node : model.nodes()) {
      init.add(node(node, model));
    }
    if (!plan.extraGradients().isEmpty()) {
      init.add(".extraGradients($L)\n", plan.extraGradients().stream().map(Object::toString)
          .collect(Collectors.joining(", ")));
    }
    init.add(".kernels($L, $L)\n", plan.kernels().size(), plan.trainingStep().size())
        .add(".build()")
        .unindent().unindent();
    return FieldSpec.builder(MODEL_SPEC, "SPEC", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The model as compiled: its nodes with their shapes and parameters, loss, optimizer and batch.\n")
        .initializer(init.build())
        .build();
  }

  /** One node of the description: every shape and parameter as the compiler found it, nothing left to infer. */
  private static CodeBlock node(Node node, ModelGraph model) {
    CodeBlock.Builder code = CodeBlock.builder().add(".node($T.$L, $S)", NODE_KIND, node.kind().name(), node.name());
    if (!node.inputs().isEmpty()) {
      code.add(".from($L)", node.inputs().stream().map(n -> CodeBlock.of("$S", n.name()))
          .collect(CodeBlock.joining(", ")));
    }
    code.add(".shape($L)", dimensions(node.shape()));
    if (node.kind().definition().takesActivation()) {
      Activation activation = node.kind().definition().describedActivation(node);
      code.add(".activation($T.$L, $L)", ACTIVATION, activation.kind().name(), activation.alpha());
    }
    code.add(node.kind().definition().describe(node));
    long workspace = node.kind().definition().workspace(node, model.batch());
    if (workspace > 0) {
      code.add(".workspace($L)", workspace);
    }
    model.outputOf(node).ifPresent(output -> code.add(".output($T.$L, $L, $L)", ANNOTATIONS, output.loss().name(),
        output.weight(), output.labelColumn()));
    if (node.frozen() && node.kind().definition().isTrainable()) {
      code.add(".frozen()");
    }
    code.add("\n");
    code.indent().indent();
    for (ParameterBlock block : node.parameters()) {
      code.add(".$L($S, $T.$L, $L)\n", block.decays() ? "weights" : "parameter", block.name(), INIT,
          block.init().name(), Arrays.stream(block.shape()).mapToObj(Integer::toString)
              .collect(Collectors.joining(", ")));
    }
    code.unindent().unindent();
    return code.build();
  }

  private static String dimensions(Shape shape) {
    return Arrays.stream(shape.dimensions()).mapToObj(Integer::toString).collect(Collectors.joining(", "));
  }

  private static MethodSpec constructor(ModelGraph model) {
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PRIVATE)
        .addParameter(ENGINE, "engine")
        .addStatement("this.engine = engine");
    for (Node node : model.nodes()) {
      if (node.settings().declaresField() && model.partOf(node).isEmpty()) {
        // super: a layer field may share its name with one of this class's own (engine, SPEC)
        constructor.addStatement("super.$N = $L", node.name(), node.kind().definition().handle(node));
      }
    }
    for (Part part : model.parts()) {
      constructor.addStatement("super.$N = $T.partOf(engine, $S)", part.field(), ClassName.bestGuess(part.compiledClass()),
          part.field());
    }
    return constructor.build();
  }

  /** The body of {@code open(device)}; with parts, which open inside it, the engine is closed if one fails. */
  private static CodeBlock opening(ModelGraph model, ClassName compiled, String kernelResource) {
    CodeBlock engine = CodeBlock.of("$T.open(SPEC, $T.class.getResource($S), device, Kernels::new)", ENGINE, compiled,
        kernelResource);
    if (model.parts().isEmpty()) {
      return CodeBlock.builder().addStatement("return new $T($L)", compiled, engine).build();
    }
    return CodeBlock.builder()
        .addStatement("$T engine = $L", ENGINE, engine)
        .beginControlFlow("try")
        .addStatement("return new $T(engine)", compiled)
        .nextControlFlow("catch ($T e)", RuntimeException.class)
        .addStatement("engine.close()")
        .addStatement("throw e")
        .endControlFlow()
        .build();
  }

  /** The model as a part of another that declares it as a layer: the same weights, on the same device. */
  private static MethodSpec partOf(ClassName compiled, String kernelResource) {
    return MethodSpec.methodBuilder("partOf")
        .addJavadoc("This model as the part of {@code whole} that its field {@code field} declares: its layers"
            + " are\n{@code whole}'s {@code field.<layer>}, the same weights on the same device, so training one"
            + " is seen\nby the other; its optimizer state is its own. It is closed with {@code whole}. The"
            + " generated\nclass of a model that declares this one as a layer calls it.\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addParameter(ENGINE, "whole")
        .addParameter(String.class, "field")
        .returns(compiled)
        .addStatement("return new $T(whole.part(SPEC, $T.class.getResource($S), field, Kernels::new))", compiled,
            compiled, kernelResource)
        .build();
  }

  /** Per part, a method named after its field giving the part's compiled model. */
  private static List<MethodSpec> partAccessors(ModelGraph model) {
    List<MethodSpec> accessors = new ArrayList<>();
    for (Part part : model.parts()) {
      ClassName type = ClassName.bestGuess(part.compiledClass());
      accessors.add(MethodSpec.methodBuilder(part.field())
          .addJavadoc("The $L this model contains: its layers are this model's {@code $L.*}, the same weights on"
              + " the\nsame device$L. Train or run it on its own; it is closed with this model.\n",
              ClassName.bestGuess(part.modelClass()).simpleName(), part.field(),
              part.frozen() ? " (frozen here, so training this model leaves them alone)" : "")
          .addModifiers(Modifier.PUBLIC)
          .returns(type)
          .addStatement("return ($T) super.$N", type, part.field())
          .build());
    }
    return accessors;
  }

  /** For a GAN's combined model ({@link GanShape}), a whole iteration of its training on the device. */
  private static List<MethodSpec> adversarialStep(ModelGraph model) {
    return GanShape.of(model).map(gan -> List.of(MethodSpec.methodBuilder("adversarialStep")
        .addJavadoc("One GAN iteration, queued on the device: {@code $L} trains on {@code real} (label 1) and as many"
            + "\nimages {@code $L} makes from {@code noise} (label 0), then this model trains on new noise"
            + "\n(label 1), which moves only {@code $L}. The noise is drawn on the device; only the real"
            + "\nimages are uploaded. Reading a result waits for the device; see {@link $T}.\n",
            gan.discriminator().field(), gan.generator().field(), gan.generator().field(), BATCH_RESULT)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(DATASET, "real")
        .addParameter(NOISE, "noise")
        .addParameter(FIT, "settings")
        .returns(GAN_STEP)
        .addStatement("return engine.adversarialStep($S, $S, real, noise, settings)", gan.generator().field(),
            gan.discriminator().field())
        .build())).orElse(List.of());
  }

  private static List<MethodSpec> delegations() {
    return List.of(
        delegate("fit", HISTORY, "return engine.fit(train, fit)", DATASET, "train", FIT, "fit"),
        delegate("trainOnBatch", BATCH_RESULT, "return engine.trainOnBatch(batch, settings)", DATASET, "batch", FIT,
            "settings"),
        delegate("testOnBatch", BATCH_RESULT, "return engine.testOnBatch(batch)", DATASET, "batch"),
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
