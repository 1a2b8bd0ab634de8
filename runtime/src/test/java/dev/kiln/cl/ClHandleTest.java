package dev.kiln.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.KilnException;
import java.lang.ref.Reference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClHandleTest {
  private final List<String> released = new CopyOnWriteArrayList<>();

  private Runnable logs(String name) {
    return () -> released.add(name);
  }

  @Test
  void releasesOnceAndChildrenFirstNewestFirst() {
    Object contextOwner = new Object();
    Object bufferOwner = new Object();
    Object programOwner = new Object();
    Object kernelOwner = new Object();
    ClHandle context = ClHandle.register(contextOwner, "context", null, logs("context"));
    ClHandle buffer = ClHandle.register(bufferOwner, "buffer", context, logs("buffer"));
    ClHandle program = ClHandle.register(programOwner, "program", context, logs("program"));
    ClHandle kernel = ClHandle.register(kernelOwner, "kernel", program, logs("kernel"));

    buffer.close();
    buffer.close();
    context.close();
    context.close();
    kernel.close();

    assertEquals(List.of("buffer", "kernel", "program", "context"), released);
    assertFalse(program.isOpen());
    KilnException e = assertThrows(KilnException.class, kernel::ensureOpen);
    assertEquals("kernel is closed", e.getMessage());
  }

  @Test
  void aChildOfAClosedParentIsReleasedAtOnce() {
    ClHandle context = ClHandle.register(new Object(), "context", null, logs("context"));
    context.close();
    assertThrows(
        KilnException.class,
        () -> ClHandle.register(new Object(), "buffer", context, logs("buffer")));
    assertEquals(List.of("context", "buffer"), released);
  }

  @Test
  void theCleanerReleasesWhatIsForgotten() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    Object contextOwner = new Object();
    ClHandle context = ClHandle.register(contextOwner, "context", null, () -> {});
    ClHandle buffer = ClHandle.register(new Object(), "buffer", context, done::countDown);
    for (int i = 0; i < 50 && done.getCount() > 0; i++) {
      System.gc();
      done.await(100, TimeUnit.MILLISECONDS);
    }
    assertEquals(0, done.getCount(), "the cleaner released the forgotten buffer");
    assertFalse(buffer.isOpen());
    assertTrue(context.isOpen());
    Reference.reachabilityFence(contextOwner);
  }
}
