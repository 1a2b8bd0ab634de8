package dev.kiln.examples.bench;

import dev.kiln.Fit;
import dev.kiln.data.Dataset;
import dev.kiln.examples.FashionMlp_NetCompiled;

/**
 * Started in a fresh JVM by the {@code start} workload: opens the Fashion-MNIST MLP, runs one
 * training step on a synthetic batch, and prints the wall-clock time (epoch milliseconds) then; the
 * runner subtracts the time it launched the JVM.
 */
public final class StartProbe {
  public static void main(String[] args) {
    try (FashionMlp_NetCompiled net = FashionMlp_NetCompiled.open()) {
      net.fit(Dataset.ofClasses(new float[128 * 784], new int[] {784}, new int[128], 10), Fit.epochs(1).verbose(0));
    }
    System.out.println(System.currentTimeMillis());
  }

  private StartProbe() {}
}
