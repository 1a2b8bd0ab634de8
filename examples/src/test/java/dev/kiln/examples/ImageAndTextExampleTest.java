package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.Fit;
import dev.kiln.data.FashionMnist;
import dev.kiln.data.text.Tokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FashionCaptions: its generated pairs, and its model on a slice of Fashion-MNIST. */
class ImageAndTextExampleTest {
  @Test
  void halfThePairsMatchAndEveryCaptionFits() {
    assumeTrue(FashionMnist.available(FashionMnist.DEFAULT_DIR), "Fashion-MNIST is not installed");
    FashionCaptions.Pairs pairs = FashionCaptions.Pairs.of(FashionMnist.test(), 2);
    double matching = 0;
    for (float target : pairs.targets()) {
      matching += target;
    }
    assertEquals(0.5, matching / pairs.targets().length, 0.02);
    Tokenizer tokenizer = new Tokenizer(FashionCaptions.WORDS).fit(pairs.captions());
    List<String> words = tokenizer.vocabulary();
    assertTrue(words.size() < FashionCaptions.WORDS, "vocabulary " + words);
    for (String caption : pairs.captions()) {
      int length = tokenizer.encode(caption).length;
      assertTrue(length >= 1 && length <= FashionCaptions.LENGTH, caption);
    }
  }

  @Test
  void theImageAndTheCaptionAreBothUsed() {
    assumeTrue(FashionMnist.available(FashionMnist.DEFAULT_DIR), "Fashion-MNIST is not installed");
    FashionCaptions.Result result = FashionCaptions.run(FashionMnist.train().slice(0, 12_800),
        FashionMnist.test().slice(0, 2_000), Fit.epochs(4).seed(42).verbose(0), null);
    // here 0.846, 0.493, 0.505 and 0.521 (0.834 to 0.855 with both inputs with seeds 1 and 2); chance is 0.5
    // for the pairs, and neither input alone can beat it, and 0.1 for naming the class
    assertTrue(result.both() > 0.78, "with both inputs: " + result);
    assertTrue(result.both() > result.otherCaptions() + 0.25, "the caption matters: " + result);
    assertTrue(result.both() > result.blankImages() + 0.25, "the image matters: " + result);
    assertTrue(result.namedByBestCaption() > 0.3, "the words are tied to the images: " + result);
  }
}
