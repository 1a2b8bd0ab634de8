package dev.kiln.processor;

import com.google.auto.service.AutoService;
import dev.kiln.processor.read.SourcePlacement;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Refuses {@code @Model} classes declared inside a method. javac never shows a local class's
 * annotations to processors, so a file whose only model is one would not reach {@link KilnProcessor}
 * at all; this processor asks for every round ({@code "*"}, which javac runs even when a round holds no
 * annotation) and reads the source trees. It claims nothing, so every annotation still goes on to the
 * processors after it, and it is separate from {@code KilnProcessor} because that one claims its own.
 */
@AutoService(Processor.class)
public final class LocalModelCheck extends AbstractProcessor {
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    SourcePlacement.of(processingEnv).reportLocalModels(round);
    return false;
  }
}
