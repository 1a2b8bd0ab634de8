package dev.kiln.processor.fuzz;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.kiln.processor.KilnProcessor;
import dev.kiln.processor.LocalModelCheck;
import dev.kiln.processor.fuzz.RandomModels.FuzzedFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * What compiling one fuzzed file with Kiln gave, judged by the rule of issue 13: either a clean
 * build (no warning under {@code -Xlint:all}, and every model's generated class, which javac then
 * compiled too), or only Kiln's tagged errors, each on an element of the user's file. Anything else
 * is a problem, described with the source that caused it.
 */
record Verdict(Outcome outcome, List<String> problems) {
  enum Outcome { GENERATED, REFUSED, NOT_JAVA, WRONG }

  static Verdict of(FuzzedFile file) {
    JavaFileObject source = JavaFileObjects.forSourceString(file.className(), file.source());
    Compilation compilation;
    try {
      compilation = Compiler.javac().withProcessors(new KilnProcessor(), new LocalModelCheck()).withOptions("-Xlint:all").compile(source);
    } catch (RuntimeException | Error e) {
      return new Verdict(Outcome.WRONG, List.of("javac failed: " + stackTrace(e)));
    }
    List<String> problems = new ArrayList<>();
    if (compilation.errors().isEmpty()) {
      List<String> own = compilation.warnings().isEmpty() ? List.of() : warningsWithoutKiln(source);
      compilation.warnings().stream().map(Verdict::describe).filter(w -> !own.contains(w))
          .forEach(w -> problems.add("warning: " + w));
      for (String generated : file.expectedGenerated()) {
        if (compilation.generatedSourceFile(generated).isEmpty()) {
          problems.add("no error, yet no generated class: " + generated);
        }
      }
      return new Verdict(problems.isEmpty() ? Outcome.GENERATED : Outcome.WRONG, problems);
    }
    boolean javacOwn = false;
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      String message = error.getMessage(Locale.ROOT);
      if (!message.contains("[kiln:")) {
        javacOwn = true;
        problems.add("not Kiln's error: " + describe(error));
      } else if (message.contains("[kiln:internal]")) {
        problems.add("internal error: " + describe(error));
      } else if (error.getSource() == null || !error.getSource().toUri().equals(source.toUri())
          || error.getLineNumber() <= 0) {
        problems.add("not on the user's element: " + describe(error));
      }
    }
    if (javacOwn && !isJava(source)) {
      return new Verdict(Outcome.NOT_JAVA, problems);
    }
    return new Verdict(problems.isEmpty() ? Outcome.REFUSED : Outcome.WRONG, problems);
  }

  /** Whether the file compiles without any processor: if not, the generator wrote something javac refuses anyway. */
  private static boolean isJava(JavaFileObject source) {
    return Compiler.javac().withOptions("-proc:none").compile(source).errors().isEmpty();
  }

  /** The user's own warnings: those javac gives the file without any processor. */
  private static List<String> warningsWithoutKiln(JavaFileObject source) {
    return Compiler.javac().withOptions("-proc:none", "-Xlint:all").compile(source).warnings().stream()
        .map(Verdict::describe).toList();
  }

  private static String describe(Diagnostic<? extends JavaFileObject> diagnostic) {
    String where = diagnostic.getSource() == null ? "(no file)"
        : diagnostic.getSource().getName() + ":" + diagnostic.getLineNumber();
    return where + ": " + diagnostic.getMessage(Locale.ROOT);
  }

  private static String stackTrace(Throwable e) {
    StringWriter text = new StringWriter();
    e.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
