package dev.kiln.data;

import dev.kiln.KilnException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The MovieLens "latest small" ratings (GroupLens, 2016): 100,004 ratings of 9,066 movies by 671 users,
 * 0.5 to 5 stars in half-star steps. Read from the data frame {@code movielens} of the R package dslabs
 * (columns movieId, title, year, genres, userId, rating, timestamp), without R: only the package's files
 * {@code data/Rdata.rdx} and {@code data/Rdata.rdb} are needed; {@link #latestSmall()} says where it looks.
 *
 * <p>The ids are not contiguous (movie ids run from 1 to 163,949), so ratings name users and movies by
 * dense indices, {@code 0 .. userCount() - 1} and {@code 0 .. movieCount() - 1}, given in increasing
 * order of id; {@link #userId}, {@link #userIndex}, {@link #movieId} and {@link #movieIndex} convert.
 * The arrays are the backing ones, handed out without a copy; do not modify them.
 */
public final class MovieLens {
  /** The system property that names the folder holding Rdata.rdx and Rdata.rdb. */
  public static final String PROPERTY = "kiln.movielens";
  /** The environment variable that does the same, when the property is not set. */
  public static final String ENVIRONMENT_VARIABLE = "KILN_MOVIELENS";
  /**
   * Where the files are looked for: where Kiln's scripts/setup.sh unpacks them, then where R installs
   * dslabs on Debian and Ubuntu (the r-cran-dslabs package, then install.packages).
   */
  public static final List<Path> DEFAULT_DIRS = List.of(Path.of("/usr/local/share/kiln/dslabs"),
      Path.of("/usr/lib/R/site-library/dslabs/data"), Path.of("/usr/local/lib/R/site-library/dslabs/data"));

  private static final String VARIABLE = "movielens";
  private static final String RDX = "Rdata.rdx";
  private static final String RDB = "Rdata.rdb";
  private static final String HOW_TO_GET_IT = "Kiln's scripts/setup.sh unpacks it into " + DEFAULT_DIRS.get(0)
      + " (without installing R); or `apt-get install r-cran-dslabs` installs it into " + DEFAULT_DIRS.get(1)
      + "; or `apt-get download r-cran-dslabs && dpkg -x r-cran-dslabs_*.deb dslabs` unpacks it here, then pass -D"
      + PROPERTY + "=dslabs" + DEFAULT_DIRS.get(1) + " (or set " + ENVIRONMENT_VARIABLE + " to that folder)";

  private final int[] users;
  private final int[] movies;
  private final float[] ratings;
  private final long[] timestamps; // null without a timestamp column
  private final int[] userIds; // by dense index, increasing
  private final int[] movieIds;
  private final String[] titles; // by movie index; null without a title column

  private MovieLens(DataFrame frame) {
    int[] userColumn = withoutNA(frame, "userId", frame.integers("userId"));
    int[] movieColumn = withoutNA(frame, "movieId", frame.integers("movieId"));
    userIds = Arrays.stream(userColumn).distinct().sorted().toArray();
    movieIds = Arrays.stream(movieColumn).distinct().sorted().toArray();
    users = denseIndices(userColumn, userIds);
    movies = denseIndices(movieColumn, movieIds);
    ratings = ratings(frame, frame.doubles("rating"));
    timestamps = frame.hasColumn("timestamp")
        ? Arrays.stream(withoutNA(frame, "timestamp", frame.integers("timestamp"))).asLongStream().toArray() : null;
    titles = frame.hasColumn("title") ? titlesByMovie(frame.strings("title")) : null;
  }

  /**
   * The ratings from the first folder that holds dslabs's Rdata.rdx and Rdata.rdb: the folder the system
   * property {@value #PROPERTY} names, else the one the environment variable {@value #ENVIRONMENT_VARIABLE}
   * names, else the first of {@link #DEFAULT_DIRS} that holds them.
   */
  public static MovieLens latestSmall() {
    String configured = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT_VARIABLE));
    if (configured != null && !configured.isBlank()) {
      return load(Path.of(configured));
    }
    for (Path dir : DEFAULT_DIRS) {
      if (Files.isRegularFile(dir.resolve(RDX)) && Files.isRegularFile(dir.resolve(RDB))) {
        return load(dir);
      }
    }
    throw new KilnException("MovieLens (the R package dslabs) not found in "
        + DEFAULT_DIRS.stream().map(Path::toString).collect(Collectors.joining(" or ")) + "; " + HOW_TO_GET_IT);
  }

  /** The ratings from {@code dataFolder}, the dslabs folder that holds Rdata.rdx and Rdata.rdb. */
  public static MovieLens load(Path dataFolder) {
    for (String name : List.of(RDX, RDB)) {
      if (!Files.isRegularFile(dataFolder.resolve(name))) {
        throw new KilnException("MovieLens (the R package dslabs) not found in " + dataFolder + ": " + name
            + " is missing; " + HOW_TO_GET_IT);
      }
    }
    return new MovieLens(RData.open(dataFolder.resolve(RDX), dataFolder.resolve(RDB)).frame(VARIABLE));
  }

  /** The number of ratings. */
  public int size() {
    return ratings.length;
  }

  /** The user of each rating, as a dense index. */
  public int[] users() {
    return users;
  }

  /** The movie of each rating, as a dense index. */
  public int[] movies() {
    return movies;
  }

  /** The stars of each rating, 0.5 to 5. */
  public float[] ratings() {
    return ratings;
  }

  /** When each rating was given, in seconds since 1970-01-01 UTC. */
  public long[] timestamps() {
    if (timestamps == null) {
      throw new KilnException("this MovieLens data frame has no timestamp column");
    }
    return timestamps;
  }

  public int userCount() {
    return userIds.length;
  }

  public int movieCount() {
    return movieIds.length;
  }

  /** The MovieLens id of the user with dense index {@code index}. */
  public int userId(int index) {
    return id(userIds, index, "user");
  }

  /** The MovieLens id of the movie with dense index {@code index}. */
  public int movieId(int index) {
    return id(movieIds, index, "movie");
  }

  /** The dense index of the user with MovieLens id {@code id}. */
  public int userIndex(int id) {
    return index(userIds, id, "user");
  }

  /** The dense index of the movie with MovieLens id {@code id}. */
  public int movieIndex(int id) {
    return index(movieIds, id, "movie");
  }

  /** The title of the movie with dense index {@code movieIndex}, e.g. "Dumbo"; null where it is NA (5 movies). */
  public String title(int movieIndex) {
    if (titles == null) {
      throw new KilnException("this MovieLens data frame has no title column");
    }
    id(movieIds, movieIndex, "movie");
    return titles[movieIndex];
  }

  private static int id(int[] ids, int index, String what) {
    if (index < 0 || index >= ids.length) {
      throw new KilnException(what + " index " + index + " is out of range [0, " + ids.length + ")");
    }
    return ids[index];
  }

  private static int index(int[] ids, int id, String what) {
    int index = Arrays.binarySearch(ids, id);
    if (index < 0) {
      throw new KilnException("no " + what + " has MovieLens id " + id + "; the " + ids.length + " " + what
          + " ids run from " + ids[0] + " to " + ids[ids.length - 1]);
    }
    return index;
  }

  private static int[] denseIndices(int[] column, int[] sortedIds) {
    int[] indices = new int[column.length];
    for (int i = 0; i < column.length; i++) {
      indices[i] = Arrays.binarySearch(sortedIds, column[i]);
    }
    return indices;
  }

  private static int[] withoutNA(DataFrame frame, String column, int[] values) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == DataFrame.NA_INTEGER) {
        throw new KilnException(frame.name() + ": row " + (i + 1) + " has no " + column + " (NA)");
      }
    }
    return values;
  }

  private static float[] ratings(DataFrame frame, double[] stars) {
    float[] ratings = new float[stars.length];
    for (int i = 0; i < stars.length; i++) {
      if (Double.isNaN(stars[i])) {
        throw new KilnException(frame.name() + ": row " + (i + 1) + " has no rating (NA)");
      }
      ratings[i] = (float) stars[i];
    }
    return ratings;
  }

  /** Each movie's title, from its first rating: the data frame repeats it on every row of the movie. */
  private String[] titlesByMovie(String[] titleColumn) {
    String[] byMovie = new String[movieIds.length];
    for (int i = titleColumn.length - 1; i >= 0; i--) {
      byMovie[movies[i]] = titleColumn[i];
    }
    return byMovie;
  }
}
