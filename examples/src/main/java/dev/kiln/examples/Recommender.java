package dev.kiln.examples;

import static dev.kiln.annotations.ActivationKind.RELU;

import dev.kiln.Evaluation;
import dev.kiln.Fit;
import dev.kiln.annotations.Activation;
import dev.kiln.annotations.Layer;
import dev.kiln.annotations.Loss;
import dev.kiln.annotations.Model;
import dev.kiln.annotations.Optimizer;
import dev.kiln.data.Dataset;
import dev.kiln.data.MovieLens;
import dev.kiln.data.Shuffle;
import dev.kiln.layers.Concatenate;
import dev.kiln.layers.Dense;
import dev.kiln.layers.Dot;
import dev.kiln.layers.Dropout;
import dev.kiln.layers.Embedding;
import dev.kiln.layers.Input;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The tutorials' recommenders on the MovieLens ratings (100,004 ratings of 9,066 movies by 671
 * users): a user and a movie each get a learned vector, and the predicted rating is their dot
 * product; the other tutorial joins the two vectors and lets a small MLP predict the rating. Both
 * train on 80% of the ratings (Adam, mean squared error, batch 256) and report the test RMSE, in
 * stars; then the dot model recommends five movies to the first user.
 *
 * <p>Run: {@code ./mvnw -q -pl examples exec:java -Dexample=dev.kiln.examples.Recommender
 * [-Dexec.args="EPOCHS [SPLIT_DIR]"]}; with SPLIT_DIR, the train and test ratings are also written
 * there as CSV, for a peer to train the same models on the same split (examples/bench/recommender_peer.py).
 */
public final class Recommender {
  /** The dot model: the rating is how well a user's vector and a movie's agree. */
  @Model(loss = Loss.MEAN_SQUARED_ERROR, optimizer = Optimizer.ADAM, batch = 256)
  public abstract static class DotNet {
    @Layer(shape = 1, indices = true) Input user;
    @Layer(shape = 1, indices = true) Input movie;
    @Layer(from = "user", vocabulary = 671, units = 10) Embedding userVector;
    @Layer(from = "movie", vocabulary = 9066, units = 10) Embedding movieVector;
    @Layer(from = {"userVector", "movieVector"}) Dot rating;
  }

  /** The concatenate-then-MLP model: the two vectors side by side, a hidden layer, the rating. */
  @Model(loss = Loss.MEAN_SQUARED_ERROR, optimizer = Optimizer.ADAM, batch = 256)
  public abstract static class MlpNet {
    @Layer(shape = 1, indices = true) Input user;
    @Layer(shape = 1, indices = true) Input movie;
    @Layer(from = "user", vocabulary = 671, units = 10) Embedding userVector;
    @Layer(from = "movie", vocabulary = 9066, units = 10) Embedding movieVector;
    @Layer(from = {"userVector", "movieVector"}) Concatenate joined;
    @Layer(units = 64) @Activation(RELU) Dense hidden;
    @Layer(rate = 0.2) Dropout drop;
    @Layer(units = 1) Dense rating;
  }

  /** Test RMSE of both models after {@code epochs}, and the dot model's top five for the first user. */
  public record Result(double dotRmse, double mlpRmse, String[] recommendations) {}

  /** The ratings in two parts, by a fixed shuffle: 80% to train on, 20% to test. */
  record Split(int[] trainUsers, int[] trainMovies, float[] trainRatings, int[] testUsers, int[] testMovies,
               float[] testRatings) {
    static Split of(MovieLens ratings, long seed) {
      int[] order = Shuffle.permutation(ratings.size(), seed);
      int cut = (int) Math.round(ratings.size() * 0.8);
      int[] train = Arrays.copyOfRange(order, 0, cut);
      int[] test = Arrays.copyOfRange(order, cut, order.length);
      return new Split(pick(ratings.users(), train), pick(ratings.movies(), train), pick(ratings.ratings(), train),
          pick(ratings.users(), test), pick(ratings.movies(), test), pick(ratings.ratings(), test));
    }

    private static int[] pick(int[] values, int[] rows) {
      return Arrays.stream(rows).map(r -> values[r]).toArray();
    }

    private static float[] pick(float[] values, int[] rows) {
      float[] picked = new float[rows.length];
      for (int i = 0; i < rows.length; i++) {
        picked[i] = values[rows[i]];
      }
      return picked;
    }

    /** Writes train.csv and test.csv (user,movie,rating, dense indices) into {@code dir}. */
    void write(Path dir) {
      try {
        Files.createDirectories(dir);
        write(dir.resolve("train.csv"), trainUsers, trainMovies, trainRatings);
        write(dir.resolve("test.csv"), testUsers, testMovies, testRatings);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static void write(Path file, int[] users, int[] movies, float[] ratings) throws IOException {
      try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
        out.println("user,movie,rating");
        for (int i = 0; i < users.length; i++) {
          out.println(users[i] + "," + movies[i] + "," + ratings[i]);
        }
      }
    }
  }

  public static Result run(MovieLens ratings, Split split, int epochs, boolean verbose) {
    Fit fit = Fit.epochs(epochs).seed(42).verbose(verbose ? 1 : 0);
    double dotRmse;
    String[] recommendations;
    try (Recommender_DotNetCompiled net = Recommender_DotNetCompiled.open()) {
      if (verbose) {
        net.summary(System.out);
      }
      Dataset train = Recommender_DotNetCompiled.dataset(split.trainUsers(), split.trainMovies(), split.trainRatings());
      Dataset test = Recommender_DotNetCompiled.dataset(split.testUsers(), split.testMovies(), split.testRatings());
      net.fit(train, fit.validation(test));
      dotRmse = rmse(net.evaluate(test));
      recommendations = topFive(net, ratings, 0);
    }
    double mlpRmse;
    try (Recommender_MlpNetCompiled net = Recommender_MlpNetCompiled.open()) {
      if (verbose) {
        net.summary(System.out);
      }
      Dataset train = Recommender_MlpNetCompiled.dataset(split.trainUsers(), split.trainMovies(), split.trainRatings());
      Dataset test = Recommender_MlpNetCompiled.dataset(split.testUsers(), split.testMovies(), split.testRatings());
      net.fit(train, fit.validation(test));
      mlpRmse = rmse(net.evaluate(test));
    }
    return new Result(dotRmse, mlpRmse, recommendations);
  }

  private static double rmse(Evaluation evaluation) {
    return Math.sqrt(evaluation.loss());
  }

  /** The five movies the dot model rates highest for {@code user} among those the user has not rated. */
  private static String[] topFive(Recommender_DotNetCompiled net, MovieLens ratings, int user) {
    boolean[] seen = new boolean[ratings.movieCount()];
    for (int i = 0; i < ratings.size(); i++) {
      if (ratings.users()[i] == user) {
        seen[ratings.movies()[i]] = true;
      }
    }
    int[] movies = IntStream.range(0, ratings.movieCount()).filter(m -> !seen[m]).toArray();
    float[][] predicted = net.predict(new int[movies.length], movies);
    return IntStream.range(0, movies.length).boxed()
        .sorted(Comparator.comparingDouble(i -> -predicted[i][0]))
        .limit(5)
        .map(i -> ratings.title(movies[i]) + String.format(" (%.1f stars)", predicted[i][0]))
        .toArray(String[]::new);
  }

  public static void main(String[] args) {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    MovieLens ratings = MovieLens.latestSmall();
    Split split = Split.of(ratings, 7);
    if (args.length > 1) {
      split.write(Path.of(args[1]));
      System.out.println("Split written to " + Path.of(args[1]).toAbsolutePath());
    }
    Result result = run(ratings, split, epochs, true);
    System.out.printf("Test RMSE: dot %.4f, concatenate + MLP %.4f (stars, %d test ratings)%n", result.dotRmse(),
        result.mlpRmse(), split.testRatings().length);
    System.out.println("Recommended to user " + ratings.userId(0) + ":");
    for (String movie : result.recommendations()) {
      System.out.println("  " + movie);
    }
  }

  private Recommender() {}
}
