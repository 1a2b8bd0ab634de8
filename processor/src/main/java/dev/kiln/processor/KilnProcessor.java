package dev.kiln.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Model;
import dev.kiln.processor.check.NetworkRules;
import dev.kiln.processor.emit.JavaEmitter;
import dev.kiln.processor.emit.OpenClEmitter;
import dev.kiln.processor.ir.ModelGraph;
import dev.kiln.processor.plan.KernelPlan;
import dev.kiln.processor.plan.KernelPlanner;
import dev.kiln.processor.read.ModelReader;
import dev.kiln.processor.read.ReadModel;
import dev.kiln.processor.read.SourcePlacement;
import dev.kiln.processor.report.Messages;
import dev.kiln.processor.report.Report;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Kiln's compiler. For each {@code @Model} class: read it into the IR, check it, and only if the
 * report is clean plan its kernels and write {@code <Model>.cl} and {@code <Model>Compiled.java}.
 * Every error of a model is reported in one build; one broken model never stops the others, and an
 * exception inside Kiln becomes one error on the model instead of a javac crash.
 */
@AutoService(Processor.class)
public final class KilnProcessor extends AbstractProcessor {
  /** What the generated classes are annotated with. */
  private static final String GENERATED = "javax.annotation.processing.Generated";

  /** Generated class name to the model it came from, over all rounds: two models must not meet. */
  private final Map<String, String> generated = new HashMap<>();

  /**
   * Kiln's annotations, and {@code @Generated}: the classes Kiln writes carry it, and unless a
   * processor claims it, {@code -Xlint:processing} warns (an error under {@code -Werror}).
   */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(Model.class.getCanonicalName(), Layer.class.getCanonicalName(),
        Activation.class.getCanonicalName(), GENERATED);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    reportLayersOutsideModels(round);
    SourcePlacement placement = SourcePlacement.of(processingEnv);
    for (Element element : round.getElementsAnnotatedWith(Model.class)) {
      TypeElement type = (TypeElement) element;
      try {
        compile(type, placement);
      } catch (RuntimeException | IOException | LinkageError e) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
            Messages.internal(type.getQualifiedName().toString(), e), type);
      }
    }
    return claims(annotations, round);
  }

  /** A class with {@code @Layer} fields but no {@code @Model}: Kiln would never read them. One error per class. */
  private void reportLayersOutsideModels(RoundEnvironment round) {
    Map<Element, List<String>> fields = new LinkedHashMap<>();
    for (Element field : round.getElementsAnnotatedWith(Layer.class)) {
      Element owner = field.getEnclosingElement();
      if (owner.getAnnotation(Model.class) == null) {
        fields.computeIfAbsent(owner, o -> new ArrayList<>()).add(field.getSimpleName().toString());
      }
    }
    fields.forEach((owner, names) -> processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
        Messages.layersOutsideModel(owner.getSimpleName().toString(), names), owner));
  }

  /** Whether to claim this round's annotations: not when another tool's class carries {@code @Generated}. */
  private boolean claims(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      if (annotation.getQualifiedName().contentEquals(GENERATED)) {
        for (Element element : round.getElementsAnnotatedWith(annotation)) {
          if (!(element instanceof TypeElement type && generated.containsKey(type.getQualifiedName().toString()))) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private void compile(TypeElement type, SourcePlacement placement) throws IOException {
    Report report = new Report();
    Optional<ReadModel> read = new ModelReader(processingEnv.getElementUtils(), placement, report).read(type);
    read.ifPresent(m -> new NetworkRules(m.errors()).check(m.graph(), m.complete()));
    report.printTo(processingEnv.getMessager());
    if (read.isEmpty() || !report.isClean()) {
      return;
    }
    ModelGraph model = read.get().graph();
    String compiledName = model.packageName().isEmpty() ? model.compiledName()
        : model.packageName() + "." + model.compiledName();
    String earlier = generated.putIfAbsent(compiledName, type.getQualifiedName().toString());
    if (earlier != null) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
          Messages.generatedNameClash(type.getQualifiedName().toString(), earlier, compiledName), type);
      return;
    }
    KernelPlan plan = new KernelPlanner().plan(model);
    String resource = model.nestedName().replace('.', '_') + ".cl";
    writeKernels(model, type, resource, new OpenClEmitter().emit(plan));
    JavaFile javaFile = new JavaEmitter().emit(plan, type, resource);
    javaFile.writeTo(processingEnv.getFiler());
  }

  private void writeKernels(ModelGraph model, TypeElement type, String resource, String source) throws IOException {
    FileObject file = processingEnv.getFiler()
        .createResource(StandardLocation.CLASS_OUTPUT, model.packageName(), resource, type);
    try (Writer writer = file.openWriter()) {
      writer.write(source);
    }
  }
}
