package dev.kiln.processor.emit;

import java.util.LinkedHashSet;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.ElementFilter;

/**
 * Simple names the generated class must not use for the types it refers to, since in its body they
 * mean something of the user's. Java reads a simple name as a variable before a type, so a field
 * {@code Dataset} of the model (or of a superclass) would turn {@code Dataset.of(...)} into a field
 * access; and a class of the model's package named like a {@code java.lang} type ({@code String})
 * would take the place of the one the generated code means. (Nested types of the model are
 * JavaPoet's {@code avoidClashesWithNestedClasses}.)
 */
final class QualifiedNames {
  private QualifiedNames() {}

  static String[] of(TypeElement model) {
    Set<String> names = new LinkedHashSet<>();
    for (TypeElement type = model; type != null; type = superclass(type)) {
      ElementFilter.fieldsIn(type.getEnclosedElements()).forEach(f -> names.add(f.getSimpleName().toString()));
    }
    TypeElement outermost = outermost(model);
    if (outermost.getEnclosingElement() instanceof PackageElement pkg) {
      for (Element sibling : pkg.getEnclosedElements()) {
        if (sibling.getKind().isClass() || sibling.getKind().isInterface()) {
          names.add(sibling.getSimpleName().toString());
        }
      }
    }
    names.remove(outermost.getSimpleName().toString());
    return names.toArray(String[]::new);
  }

  private static TypeElement superclass(TypeElement type) {
    return type.getSuperclass() instanceof DeclaredType declared
        && declared.asElement().getKind() == ElementKind.CLASS ? (TypeElement) declared.asElement() : null;
  }

  private static TypeElement outermost(TypeElement type) {
    TypeElement outer = type;
    while (outer.getEnclosingElement() instanceof TypeElement enclosing) {
      outer = enclosing;
    }
    return outer;
  }
}
