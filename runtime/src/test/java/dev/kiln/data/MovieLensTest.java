package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.KilnException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensTest {
  private static final int NA = Integer.MIN_VALUE;

  @TempDir Path dir;

  /** Five ratings laid out as dslabs's movielens: users 3, 7, 42 and movies 31, 1029, 163949. */
  private void writeRatings(int[] userIds) throws IOException {
    Map<String, Object> columns = new LinkedHashMap<>();
    columns.put("movieId", new int[] {1029, 31, 1029, 163949, 31});
    columns.put("title", new String[] {"Dumbo", "Dangerous Minds", "Dumbo", null, "Dangerous Minds"});
    columns.put("year", new int[] {1941, 1995, 1941, NA, 1995});
    columns.put("genres", RDataFiles.factor(new int[] {1, 2, 1, 3, 2}, "Animation|Children", "Drama",
        "(no genres listed)"));
    columns.put("userId", userIds);
    columns.put("rating", new double[] {3, 2.5, 4.5, 0.5, 5});
    columns.put("timestamp", new int[] {1260759144, 835355493, 1260759179, 1476640644, 835355681});
    RDataFiles.write(dir, Map.of("movielens", RDataFiles.dataFrame(5, columns)));
  }

  @Test
  void ratingsNameUsersAndMoviesByDenseIndicesInIdOrder() throws IOException {
    writeRatings(new int[] {7, 3, 3, 42, 7});

    MovieLens movieLens = MovieLens.load(dir);

    assertEquals(5, movieLens.size());
    assertEquals(3, movieLens.userCount());
    assertEquals(3, movieLens.movieCount());
    assertArrayEquals(new int[] {1, 0, 0, 2, 1}, movieLens.users());
    assertArrayEquals(new int[] {1, 0, 1, 2, 0}, movieLens.movies());
    assertArrayEquals(new float[] {3, 2.5f, 4.5f, 0.5f, 5}, movieLens.ratings());
    assertArrayEquals(new long[] {1260759144, 835355493, 1260759179, 1476640644, 835355681}, movieLens.timestamps());
    assertEquals(42, movieLens.userId(2));
    assertEquals(163949, movieLens.movieId(2));
    assertEquals(0, movieLens.userIndex(3));
    assertEquals(1, movieLens.movieIndex(1029));
    assertEquals("Dangerous Minds", movieLens.title(0));
    assertEquals("Dumbo", movieLens.title(1));
    assertNull(movieLens.title(2));
  }

  @Test
  void unknownIdsAndIndicesSaySo() throws IOException {
    writeRatings(new int[] {7, 3, 3, 42, 7});
    MovieLens movieLens = MovieLens.load(dir);

    KilnException e = assertThrows(KilnException.class, () -> movieLens.userIndex(5));
    assertEquals("no user has MovieLens id 5; the 3 user ids run from 3 to 42", e.getMessage());
    e = assertThrows(KilnException.class, () -> movieLens.movieId(3));
    assertEquals("movie index 3 is out of range [0, 3)", e.getMessage());
  }

  @Test
  void aRatingWithoutAUserIsRefused() throws IOException {
    writeRatings(new int[] {7, 3, NA, 42, 7});

    KilnException e = assertThrows(KilnException.class, () -> MovieLens.load(dir));
    assertEquals("movielens: row 3 has no userId (NA)", e.getMessage());
  }

  @Test
  void missingFilesSayHowToGetThem() {
    KilnException e = assertThrows(KilnException.class, () -> MovieLens.load(dir));
    assertEquals("MovieLens (the R package dslabs) not found in " + dir + ": Rdata.rdx is missing; Kiln's"
        + " scripts/setup.sh unpacks it into /usr/local/share/kiln/dslabs (without installing R); or `apt-get install"
        + " r-cran-dslabs` installs it into /usr/lib/R/site-library/dslabs/data; or `apt-get download r-cran-dslabs &&"
        + " dpkg -x r-cran-dslabs_*.deb dslabs` unpacks it here, then pass"
        + " -Dkiln.movielens=dslabs/usr/lib/R/site-library/dslabs/data (or set KILN_MOVIELENS to that folder)",
        e.getMessage());
  }

  @Test
  void latestSmallReadsTheFolderThePropertyNames() throws IOException {
    writeRatings(new int[] {7, 3, 3, 42, 7});
    String before = System.getProperty(MovieLens.PROPERTY);
    try {
      System.setProperty(MovieLens.PROPERTY, dir.toString());
      assertEquals(5, MovieLens.latestSmall().size());
      System.setProperty(MovieLens.PROPERTY, dir.resolve("elsewhere").toString());
      KilnException e = assertThrows(KilnException.class, MovieLens::latestSmall);
      assertEquals("MovieLens (the R package dslabs) not found in " + dir.resolve("elsewhere") + ": Rdata.rdx",
          e.getMessage().substring(0, e.getMessage().indexOf(" is missing")));
    } finally {
      if (before == null) {
        System.clearProperty(MovieLens.PROPERTY);
      } else {
        System.setProperty(MovieLens.PROPERTY, before);
      }
    }
  }

  /** The real data set, where r-cran-dslabs is installed or -Dkiln.movielens names its data folder. */
  @Test
  void theInstalledDataSet() {
    String configured = System.getProperty(MovieLens.PROPERTY, System.getenv(MovieLens.ENVIRONMENT_VARIABLE));
    Path folder = configured != null ? Path.of(configured) : MovieLens.DEFAULT_DIRS.get(0);
    assumeTrue(Files.exists(folder.resolve("Rdata.rdx")) && Files.exists(folder.resolve("Rdata.rdb")),
        "dslabs is not installed in " + folder);

    MovieLens movieLens = MovieLens.load(folder);

    assertEquals(100_004, movieLens.size());
    assertEquals(671, movieLens.userCount());
    assertEquals(9_066, movieLens.movieCount());
    assertEquals(1, movieLens.userId(0));
    assertEquals(671, movieLens.userId(670));
    assertEquals(1, movieLens.movieId(0));
    assertEquals(163_949, movieLens.movieId(9_065));
    float lowest = Float.MAX_VALUE;
    float highest = -Float.MAX_VALUE;
    for (float rating : movieLens.ratings()) {
      lowest = Math.min(lowest, rating);
      highest = Math.max(highest, rating);
    }
    assertEquals(0.5f, lowest);
    assertEquals(5f, highest);
    // The first row: user 1 gave "Dangerous Minds" (movie 31) 2.5 stars on 2009-12-14.
    assertEquals(0, movieLens.users()[0]);
    assertEquals(31, movieLens.movieId(movieLens.movies()[0]));
    assertEquals(2.5f, movieLens.ratings()[0]);
    assertEquals(1_260_759_144L, movieLens.timestamps()[0]);
    assertEquals("Dangerous Minds", movieLens.title(movieLens.movieIndex(31)));
  }
}
