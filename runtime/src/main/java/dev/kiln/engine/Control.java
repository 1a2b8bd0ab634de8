package dev.kiln.engine;

import dev.kiln.History;
import dev.kiln.KilnException;
import dev.kiln.TrainingControl;
import dev.kiln.kernels.DeviceAbi.Hyper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The running fit as callbacks see it: learning rate, stop flag, epochs so far, parameters. */
final class Control implements TrainingControl {
  /** The hyper buffer's values (see common.cl); slot 0 is the learning rate. */
  private final double[] hyper;
  private final Engine engine;
  private final List<History.Epoch> epochs = new ArrayList<>();
  private boolean stop;

  Control(double[] hyper, Engine engine) {
    this.hyper = hyper;
    this.engine = engine;
  }

  @Override
  public double learningRate() {
    return hyper[Hyper.LEARNING_RATE.ordinal()];
  }

  @Override
  public void setLearningRate(double rate) {
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new KilnException("learning rate " + rate + " is not a finite number >= 0");
    }
    hyper[Hyper.LEARNING_RATE.ordinal()] = rate;
    engine.writeHyper(hyper);
  }

  @Override
  public void stop() {
    stop = true;
  }

  @Override
  public boolean stopRequested() {
    return stop;
  }

  @Override
  public String metricName() {
    return engine.spec().metricName();
  }

  @Override
  public List<History.Epoch> epochs() {
    return Collections.unmodifiableList(epochs);
  }

  void add(History.Epoch epoch) {
    epochs.add(epoch);
  }

  @Override
  public void save(Path file) {
    engine.save(file);
  }

  @Override
  public List<double[]> parameters() {
    List<double[]> all = new ArrayList<>();
    for (int l = 0; l < engine.spec().layers().size(); l++) {
      all.add(engine.read(l));
    }
    return all;
  }

  @Override
  public List<String> figureNames() {
    List<History.Output> outputs = engine.spec().reportedOutputs().stream()
        .map(o -> new History.Output(o.name(), o.output().metricName(), 0, 0, 0, 0)).toList();
    return List.copyOf(new History.Epoch(0, 0, 0, 0, 0, 0, 0, outputs).figures(metricName()).keySet());
  }

  @Override
  public List<String> layerNames() {
    return engine.spec().layers().stream().map(NodeSpec::name).toList();
  }

  @Override
  public void setParameters(List<double[]> parameters) {
    if (parameters.size() != engine.spec().layers().size()) {
      throw new KilnException("the model has " + engine.spec().layers().size() + " layers, got parameters for "
          + parameters.size());
    }
    for (int l = 0; l < parameters.size(); l++) {
      engine.write(l, parameters.get(l));
    }
  }
}
