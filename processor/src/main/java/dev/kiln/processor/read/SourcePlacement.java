package dev.kiln.processor.read;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.kiln.annotations.Model;
import dev.kiln.processor.report.Messages;
import dev.kiln.processor.report.Report;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Where model classes sit in the source, which only javac's trees tell: a model class declared in a
 * method (annotation processing never sees it, so without this it would be silently ignored) and one
 * in a file named after another class (the generated class, in its own file, would use an auxiliary
 * class, which javac's lint warns about). Under a compiler without javac's trees there is nothing to
 * check this with, and nothing is reported.
 */
public final class SourcePlacement {
  private static final String MODEL = Model.class.getCanonicalName();

  private final Trees trees;

  private SourcePlacement(Trees trees) {
    this.trees = trees;
  }

  public static SourcePlacement of(ProcessingEnvironment environment) {
    try {
      return new SourcePlacement(Trees.instance(environment));
    } catch (IllegalArgumentException notJavac) {
      return new SourcePlacement(null);
    }
  }

  /** One error on each {@code @Model} class declared inside a method, initializer or lambda of this round's sources. */
  public void reportLocalModels(RoundEnvironment round) {
    if (trees == null) {
      return;
    }
    for (Element root : round.getRootElements()) {
      TreePath path = trees.getPath(root);
      if (path != null) {
        new LocalModelScanner(path.getCompilationUnit()).scan(path, null);
      }
    }
  }

  /** Adds an error to {@code report} if {@code model}'s outermost class is not the one its file is named after. */
  public void checkFile(TypeElement model, Report report) {
    if (trees == null) {
      return;
    }
    TypeElement outermost = model;
    while (outermost.getEnclosingElement() instanceof TypeElement enclosing) {
      outermost = enclosing;
    }
    TreePath path = trees.getPath(outermost);
    if (path == null) {
      return;
    }
    JavaFileObject file = path.getCompilationUnit().getSourceFile();
    String outer = outermost.getSimpleName().toString();
    if (!file.isNameCompatible(outer, JavaFileObject.Kind.SOURCE)) {
      String fileName = file.getName().substring(file.getName().lastIndexOf('/') + 1);
      report.error(Messages.auxiliaryClass(model.getSimpleName().toString(), outer, fileName), model);
    }
  }

  private final class LocalModelScanner extends TreePathScanner<Void, Void> {
    private final CompilationUnitTree unit;
    private final boolean importsModel;

    LocalModelScanner(CompilationUnitTree unit) {
      this.unit = unit;
      this.importsModel = unit.getImports().stream().map(ImportTree::getQualifiedIdentifier).map(Object::toString)
          .anyMatch(name -> name.equals(MODEL) || name.equals("dev.kiln.annotations.*"));
    }

    @Override
    public Void visitClass(ClassTree type, Void unused) {
      Tree parent = getCurrentPath().getParentPath().getLeaf();
      boolean local = !(parent instanceof ClassTree || parent instanceof CompilationUnitTree);
      if (local && annotatedWithModel(type)) {
        trees.printMessage(Diagnostic.Kind.ERROR, Messages.localClass(type.getSimpleName().toString()), type, unit);
      }
      return super.visitClass(type, unused);
    }

    private boolean annotatedWithModel(ClassTree type) {
      return type.getModifiers().getAnnotations().stream().map(a -> a.getAnnotationType().toString())
          .anyMatch(name -> name.equals(MODEL) || name.equals("Model") && importsModel);
    }
  }
}
