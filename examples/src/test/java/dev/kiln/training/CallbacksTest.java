package dev.kiln.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Callback;
import dev.kiln.Fit;
import dev.kiln.History;
import dev.kiln.KilnException;
import dev.kiln.TrainingControl;
import dev.kiln.callbacks.CsvLogger;
import dev.kiln.callbacks.EarlyStopping;
import dev.kiln.callbacks.LearningRateSchedule;
import dev.kiln.callbacks.ModelCheckpoint;
import dev.kiln.callbacks.ReduceLearningRateOnPlateau;
import dev.kiln.callbacks.TerminateOnNaN;
import dev.kiln.data.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Callbacks on real training runs, and their rules on made-up epochs. */
class CallbacksTest {
  @TempDir Path dir;

  /** Records the learning rate each epoch starts with (put it after the callbacks that change it). */
  static final class RateRecorder implements Callback {
    final List<Double> rates = new ArrayList<>();

    @Override
    public void onEpochBegin(int epoch, TrainingControl training) {
      rates.add(training.learningRate());
    }
  }

  @Test
  void theTutorialsScheduleKeepsTheRateTenEpochsThenDecaysIt() {
    RateRecorder recorder = new RateRecorder();
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      net.fit(TrainingTest.blobs(100, 1), Fit.epochs(13).learningRate(0.01).verbose(0).callbacks(
          LearningRateSchedule.of((epoch, rate) -> epoch < 10 ? rate : rate * Math.exp(-0.1)), recorder));
    }
    for (int epoch = 0; epoch < 10; epoch++) {
      assertEquals(0.01, recorder.rates.get(epoch), 1e-15);
    }
    assertEquals(0.01 * Math.exp(-0.1), recorder.rates.get(10), 1e-15);
    assertEquals(0.01 * Math.exp(-0.3), recorder.rates.get(12), 1e-15);
  }

  @Test
  void aScheduledRateReachesTheKernels() {
    Dataset data = TrainingTest.blobs(100, 1);
    double[] scheduled;
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      net.fit(data, Fit.epochs(2).shuffle(false).verbose(0)
          .callbacks(LearningRateSchedule.of((epoch, rate) -> epoch == 0 ? 0.01 : 0.002)));
      scheduled = net.hidden.parameters();
    }
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      net.fit(data, Fit.epochs(1).shuffle(false).learningRate(0.01).verbose(0));
      net.fit(data, Fit.epochs(1).shuffle(false).learningRate(0.002).verbose(0));
      assertArrayEquals(net.hidden.parameters(), scheduled);
    }
  }

  @Test
  void builtInSchedules() {
    FakeTraining training = new FakeTraining(0.1);
    LearningRateSchedule step = LearningRateSchedule.step(2, 0.5);
    step.onTrainBegin(training);
    List<Double> rates = new ArrayList<>();
    for (int epoch = 1; epoch <= 5; epoch++) {
      step.onEpochBegin(epoch, training);
      rates.add(training.rate);
    }
    assertEquals(List.of(0.1, 0.1, 0.05, 0.05, 0.025), rates);

    training = new FakeTraining(0.1);
    LearningRateSchedule cosine = LearningRateSchedule.cosine(4, 0.0);
    cosine.onTrainBegin(training);
    cosine.onEpochBegin(3, training);
    assertEquals(0.05, training.rate, 1e-12);
    cosine.onEpochBegin(5, training);
    assertEquals(0.0, training.rate, 1e-12 + 0.0);

    training = new FakeTraining(0.1);
    LearningRateSchedule exponential = LearningRateSchedule.exponential(0.9);
    exponential.onTrainBegin(training);
    exponential.onEpochBegin(3, training);
    assertEquals(0.1 * 0.81, training.rate, 1e-12);
  }

  @Test
  void earlyStoppingStopsAndRestoresTheBestWeights() {
    Dataset train = TrainingTest.blobs(60, 1);
    Dataset validation = TrainingTest.blobs(60, 9);
    EarlyStopping stopping = EarlyStopping.monitor("val_loss").patience(2).restoreBestWeights(true);
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      // a learning rate this high makes the validation loss wander, so it stops long before 300 epochs
      History history = net.fit(train, Fit.epochs(300).learningRate(0.05).validation(validation).verbose(0)
          .callbacks(stopping));
      assertTrue(history.epochs().size() < 300, "stopped after " + history.epochs().size());
      assertEquals(history.epochs().size(), stopping.stoppedEpoch());
      assertEquals(stopping.bestEpoch() + 3, stopping.stoppedEpoch());
      double best = history.epochs().get(stopping.bestEpoch() - 1).validationLoss();
      assertEquals(best, net.evaluate(validation).loss(), 1e-5, "the best epoch's weights are back");
    }
  }

  @Test
  void earlyStoppingRules() {
    FakeTraining training = new FakeTraining(0.1);
    EarlyStopping stopping = EarlyStopping.monitor("accuracy").patience(1).minDelta(0.01);
    stopping.onTrainBegin(training);
    double[] accuracies = {0.5, 0.6, 0.605, 0.61, 0.7};
    for (int e = 0; e < accuracies.length && !training.stopped; e++) {
      stopping.onEpochEnd(new History.Epoch(e + 1, 1, accuracies[e], Double.NaN, Double.NaN, 1, 10), training);
    }
    assertTrue(training.stopped, "0.605 and 0.61 do not beat 0.6 by more than 0.01");
    assertEquals(2, stopping.bestEpoch());
    assertEquals(4, stopping.stoppedEpoch());
    KilnException unknown = assertThrows(KilnException.class, () -> EarlyStopping.monitor("val_f1")
        .onTrainBegin(new FakeTraining(0.1)));
    assertEquals("cannot monitor 'val_f1': this model reports loss, accuracy, val_loss, val_accuracy",
        unknown.getMessage());
  }

  @Test
  void reduceOnPlateauAndTerminateOnNaN() {
    FakeTraining training = new FakeTraining(0.1);
    ReduceLearningRateOnPlateau plateau = ReduceLearningRateOnPlateau.monitor("loss").factor(0.5).patience(1)
        .minimum(0.03);
    plateau.onTrainBegin(training);
    double[] losses = {1.0, 0.9, 0.95, 0.93, 0.91, 0.92, 0.94};
    List<Double> rates = new ArrayList<>();
    for (int e = 0; e < losses.length; e++) {
      plateau.onEpochEnd(new History.Epoch(e + 1, losses[e], 0, Double.NaN, Double.NaN, 1, 10), training);
      rates.add(training.rate);
    }
    assertEquals(List.of(0.1, 0.1, 0.1, 0.05, 0.05, 0.03, 0.03), rates);

    TerminateOnNaN nan = new TerminateOnNaN();
    FakeTraining diverging = new FakeTraining(0.1);
    nan.onEpochEnd(new History.Epoch(1, 2.0, 0, Double.NaN, Double.NaN, 1, 10), diverging);
    assertFalse(diverging.stopped);
    nan.onEpochEnd(new History.Epoch(2, Double.NaN, 0, Double.NaN, Double.NaN, 1, 10), diverging);
    assertTrue(diverging.stopped);
    assertEquals(2, nan.stoppedEpoch());
  }

  @Test
  void terminateOnNaNStopsOnNonFiniteWeightsBehindAFiniteLoss() {
    TerminateOnNaN nan = new TerminateOnNaN();
    FakeTraining training = new FakeTraining(0.1);
    training.parameters = List.of(new double[] {1, 2}, new double[] {0.5, Double.NaN, 3});
    training.names = List.of("hidden", "out");
    nan.onEpochEnd(new History.Epoch(4, 0.69, 0.5, Double.NaN, Double.NaN, 1, 10), training);
    assertTrue(training.stopped);
    assertEquals(4, nan.stoppedEpoch());
    assertEquals("Epoch 4: parameter 1 of layer 'out' is NaN (the loss, 0.69, hides it); training stopped"
        + " (TerminateOnNaN). The model diverged: lower the learning rate, or scale the inputs", nan.reason());
  }

  @Test
  void csvLoggerWritesOneLinePerEpoch() throws IOException {
    Path log = dir.resolve("training.csv");
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      net.fit(TrainingTest.blobs(100, 1), Fit.epochs(3).validation(TrainingTest.blobs(30, 2)).verbose(0)
          .callbacks(new CsvLogger(log)));
    }
    List<String> lines = Files.readAllLines(log);
    assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds", lines.get(0));
    assertEquals(4, lines.size());
    assertTrue(lines.get(3).startsWith("3,"), lines.get(3));
    assertEquals(7, lines.get(3).split(",").length);
  }

  @Test
  void modelCheckpointSavesEveryEpochOrTheBest() {
    Dataset train = TrainingTest.blobs(100, 1);
    Dataset validation = TrainingTest.blobs(30, 2);
    ModelCheckpoint every = ModelCheckpoint.everyEpoch(dir.resolve("blobs-{epoch}.kiln").toString());
    ModelCheckpoint best = ModelCheckpoint.bestOnly(dir.resolve("best.kiln").toString(), "val_loss");
    History history;
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      history = net.fit(train, Fit.epochs(4).validation(validation).verbose(0).callbacks(every, best));
    }
    for (int epoch = 1; epoch <= 4; epoch++) {
      assertTrue(Files.exists(dir.resolve("blobs-" + epoch + ".kiln")), "epoch " + epoch);
    }
    assertEquals(4, every.saves());
    int bestEpoch = 1;
    for (History.Epoch e : history.epochs()) {
      bestEpoch = e.validationLoss() < history.epochs().get(bestEpoch - 1).validationLoss() ? e.number() : bestEpoch;
    }
    try (TrainingTest_BlobsCompiled net = TrainingTest_BlobsCompiled.open()) {
      net.load(dir.resolve("best.kiln"));
      assertEquals(history.epochs().get(bestEpoch - 1).validationLoss(), net.evaluate(validation).loss(), 1e-5);
    }
  }

  /** A stand-in for a running fit, for the rules that need no device. */
  static final class FakeTraining implements TrainingControl {
    double rate;
    boolean stopped;
    List<double[]> parameters = List.of();
    List<String> names = List.of();

    FakeTraining(double rate) {
      this.rate = rate;
    }

    @Override
    public double learningRate() {
      return rate;
    }

    @Override
    public void setLearningRate(double rate) {
      this.rate = rate;
    }

    @Override
    public void stop() {
      stopped = true;
    }

    @Override
    public boolean stopRequested() {
      return stopped;
    }

    @Override
    public String metricName() {
      return "accuracy";
    }

    @Override
    public List<History.Epoch> epochs() {
      return List.of();
    }

    @Override
    public List<double[]> parameters() {
      return parameters;
    }

    @Override
    public List<String> layerNames() {
      return names;
    }

    @Override
    public List<String> figureNames() {
      return List.of("loss", "accuracy", "val_loss", "val_accuracy");
    }

    @Override
    public void setParameters(List<double[]> parameters) {}

    @Override
    public void save(Path file) {}
  }
}
