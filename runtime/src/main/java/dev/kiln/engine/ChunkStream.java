package dev.kiln.engine;

import dev.kiln.KilnException;
import dev.kiln.data.Dataset;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A training set too large to keep on the device, streamed in chunks of whole batches: while the
 * device trains on one chunk, a host thread gathers the next one (its samples in the epoch's
 * visiting order), so the device waits only for the copy, not for the gathering. Two device slots
 * take turns; the queue's order keeps a slot from being overwritten before its chunk has run.
 */
final class ChunkStream implements AutoCloseable {
  /** Writes a chunk's features and labels into a device slot. */
  interface Upload {
    void write(DeviceData slot, float[] features, float[] labels);
  }

  /** One chunk's samples, gathered on the host. */
  private record Chunk(float[] features, float[] labels, int rows) {}

  /** A chunk on the device: the slot it was copied to and the samples it holds there. */
  record Loaded(DeviceData slot, int rows) {}

  private final Dataset data;
  private final int chunkRows;
  private final DeviceData[] slots;
  private final Upload upload;
  private final ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "kiln-prefetch");
    thread.setDaemon(true);
    return thread;
  });
  private int[] order;
  private int next;
  private Future<Chunk> pending;

  ChunkStream(Dataset data, int chunkRows, DeviceData first, DeviceData second, Upload upload) {
    this.data = data;
    this.chunkRows = chunkRows;
    this.slots = new DeviceData[] {first, second};
    this.upload = upload;
  }

  int size() {
    return data.size();
  }

  int chunks() {
    return (data.size() + chunkRows - 1) / chunkRows;
  }

  /** Starts an epoch that visits the samples in {@code order} (null: in data set order), gathering its first chunk. */
  void beginEpoch(int[] order) {
    this.order = order;
    this.next = 0;
    this.pending = prefetch.submit(() -> gather(0));
  }

  /** The epoch's next chunk, copied to a device slot; the one after it is gathered meanwhile. */
  Loaded nextChunk() {
    Chunk chunk = await(pending);
    int index = next++;
    int following = next * chunkRows;
    pending = next < chunks() ? prefetch.submit(() -> gather(following)) : null;
    DeviceData slot = slots[index % 2];
    upload.write(slot, chunk.features(), chunk.labels());
    return new Loaded(slot, chunk.rows());
  }

  private Chunk gather(int first) {
    int rows = Math.min(chunkRows, data.size() - first);
    int width = data.featureWidth();
    int labelWidth = data.labelWidth();
    float[] features = new float[rows * width];
    float[] labels = new float[rows * labelWidth];
    for (int r = 0; r < rows; r++) {
      int sample = order == null ? first + r : order[first + r];
      System.arraycopy(data.features(), sample * width, features, r * width, width);
      System.arraycopy(data.labels(), sample * labelWidth, labels, r * labelWidth, labelWidth);
    }
    return new Chunk(features, labels, rows);
  }

  private static Chunk await(Future<Chunk> chunk) {
    try {
      return chunk.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KilnException("interrupted while preparing the next chunk of training data", e);
    } catch (ExecutionException e) {
      throw new KilnException("cannot prepare the next chunk of training data: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public void close() {
    prefetch.shutdownNow();
    for (DeviceData slot : slots) {
      slot.close();
    }
  }
}
