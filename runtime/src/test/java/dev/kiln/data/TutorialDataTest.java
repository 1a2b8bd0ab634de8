package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TutorialDataTest {
  @Test
  void tutorialDataSetsLoadInOneLine() {
    assertShape(TutorialData.digits(), 1797, 64, 10);
    assertShape(TutorialData.iris(), 150, 4, 3);
    assertShape(TutorialData.wine(), 178, 13, 3);
    assertEquals(506, TutorialData.bostonHousing().size());
    assertEquals(13, TutorialData.bostonHousing().featureWidth());
    assertEquals(569, TutorialData.breastCancer().size());
    assertEquals(30, TutorialData.breastCancer().featureWidth());
  }

  private static void assertShape(Dataset data, int samples, int features, int classes) {
    assertEquals(samples, data.size());
    assertEquals(features, data.featureWidth());
    assertEquals(classes, data.classCount());
  }
}
