package dev.kiln.training;

import dev.kiln.Fit;
import java.nio.file.Path;

/** Run by {@link CheckpointTest} in its own JVM: saves the model over and over until it is killed. */
public final class CheckpointWriter {
  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      net.save(file);
      System.out.println("ready");
      System.out.flush();
      for (long seed = 0; ; seed++) {
        net.fit(TrainingTest.blobs(100, 1), Fit.epochs(1).seed(seed).verbose(0));
        net.save(file);
      }
    }
  }

  private CheckpointWriter() {}
}
