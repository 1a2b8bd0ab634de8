package dev.kiln.processor.plan;

import dev.kiln.annotations.Precision;
import dev.kiln.processor.ir.Node;
import dev.kiln.processor.ir.Window;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tile sizes of the register-tiled dense and convolution kernels, per layer, and the work sizes that
 * follow from them (the formulas at the top of each template in opencl-kernels). Measured on PoCL
 * with 2 AVX2 cores: 6 rows x 16 columns of float accumulators (12 FMAs per step, no spills)
 * everywhere; 8 columns for doubles; work-groups of one work-item.
 */
public final class Tiles {
  private static final int TILE_ROWS = 6;
  /** A block of 256 inputs x 16 outputs of W is 16 KiB: it stays in L1 across row tiles. */
  private static final int FORWARD_K_BLOCK = 256;
  private static final int BACKWARD_K_BLOCK = 128;
  private static final int UPDATE_ROW_TILES = 8;
  /** Vectors of columns per recurrent update tile: 4 x 6 accumulators fill AVX-512's 32 registers but a few. */
  private static final int RECURRENT_UPDATE_VECTORS = 4;
  /** Backward row tiles are as many as still leave this many work-groups. */
  private static final int MIN_WORK_GROUPS = 8;
  private static final int CONV_ROW_TILES = 8;
  /**
   * A convolution's weight gradient reads the layer's whole input once per work-item: a few
   * work-items with many row tiles each (their sums wait in private memory) read it least. Four
   * keep both cores busy; 64 row tiles (384 rows x 16 filters of sums, 24 KiB) bound private memory.
   */
  private static final int CONV_UPDATE_WORK_ITEMS = 4;
  private static final int CONV_UPDATE_MAX_ROW_TILES = 64;
  /** More than forward: each work-item first transposes its panels of w, which this many row tiles share. */
  private static final int CONV_BACKWARD_ROW_TILES = 32;
  private static final int BACKWARD_PANEL_BYTES = 16 * 1024;

  private Tiles() {}

  /** A kernel's tile #defines and global work size. */
  public record Shape(Map<String, String> defines, long[] global) {
    /** The same update kernel shape, for one use of a shared layer: it only adds its weight gradient. */
    public Shape gradientOnly() {
      Map<String, String> withFlag = new LinkedHashMap<>(defines);
      withFlag.put("WEIGHT_GRADIENT_ONLY", "");
      return new Shape(withFlag, global);
    }
  }

  private static int columns(Precision precision) {
    return precision == Precision.DOUBLE ? 8 : 16;
  }

  /** The largest power of two, {@code most} (itself one) or less, that divides {@code size}. */
  public static int powerOfTwoDividing(int size, int most) {
    int power = most;
    while (size % power != 0) {
      power /= 2;
    }
    return power;
  }

  /** The widest vector of at most {@code width} lanes that fits {@code size}: 16, 8, 4, 2 or 1. */
  static int fit(int width, int size) {
    int lanes = 16;
    while (lanes > 1 && (lanes > width || lanes > size)) {
      lanes /= 2;
    }
    return lanes;
  }

  public static Shape forward(Node layer, int batch, Precision precision) {
    return forward(inputWidth(layer), units(layer), batch, precision);
  }

  /** The product of {@code rows} rows of {@code in} values by {@code in} x {@code out} weights (dense_forward.cl). */
  public static Shape forward(int in, int out, int rows, Precision precision) {
    int columns = columns(precision);
    // a K block is re-read by every row tile, so several row tiles pay off once W no longer fits L1
    int rowTiles = (long) in * 64 > 32 * 1024 ? 4 : 1;
    Map<String, String> d = new LinkedHashMap<>();
    d.put("FORWARD_TILE_ROWS", Integer.toString(TILE_ROWS));
    d.put("FORWARD_TILE_COLS", Integer.toString(columns));
    d.put("FORWARD_ROW_TILES", Integer.toString(rowTiles));
    d.put("FORWARD_K_BLOCK", Integer.toString(FORWARD_K_BLOCK));
    return new Shape(d, new long[] {ceil(out, fit(columns, out)), ceil(rows, TILE_ROWS * rowTiles)});
  }

  public static Shape backward(Node layer, int batch, Precision precision) {
    return backward(inputWidth(layer), batch, precision);
  }

  /** The gradient to {@code rows} rows of {@code in} inputs (dense_backward.cl). */
  public static Shape backward(int in, int batch, Precision precision) {
    int columns = columns(precision);
    int rowTiles = Math.max(1, ceil(ceil(batch, TILE_ROWS), Math.max(1, ceil(MIN_WORK_GROUPS, ceil(in, columns)))));
    Map<String, String> d = new LinkedHashMap<>();
    d.put("BACKWARD_TILE_ROWS", Integer.toString(TILE_ROWS));
    d.put("BACKWARD_TILE_COLS", Integer.toString(columns));
    d.put("BACKWARD_ROW_TILES", Integer.toString(rowTiles));
    d.put("BACKWARD_K_BLOCK", Integer.toString(BACKWARD_K_BLOCK));
    return new Shape(d, new long[] {ceil(in, fit(columns, in)), ceil(batch, TILE_ROWS * rowTiles)});
  }

  /** The weight gradient and update of a dense layer with {@code rows} parameter rows (inputs, and the bias). */
  public static Shape update(Node layer, int rows, Precision precision) {
    return update(units(layer), rows, precision);
  }

  /** The weight gradient and update of {@code rows} parameter rows of {@code out} columns. */
  public static Shape update(int out, int rows, Precision precision) {
    return update(out, rows, columns(precision));
  }

  /**
   * A recurrent layer's weight gradients and update (recurrent_update.cl): tiles of up to
   * RECURRENT_UPDATE_VECTORS vectors of columns, so that each value loaded of a step's row feeds as
   * many FMAs, that never straddle two blocks of {@code block} columns (a GRU's gate blocks, when the
   * columns of one block multiply other values than the next one's; else all {@code out}).
   */
  public static Shape recurrentUpdate(int out, int rows, Precision precision, int block) {
    int columns = powerOfTwoDividing(block, columns(precision));
    int vectors = powerOfTwoDividing(block / columns, RECURRENT_UPDATE_VECTORS);
    Shape tiles = update(out, rows, columns);
    Map<String, String> d = new LinkedHashMap<>(tiles.defines());
    d.put("UPDATE_TILE_VECTORS", Integer.toString(vectors));
    return new Shape(d, new long[] {ceil((int) tiles.global()[0], vectors), tiles.global()[1]});
  }

  private static Shape update(int out, int rows, int columns) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("UPDATE_TILE_ROWS", Integer.toString(TILE_ROWS));
    d.put("UPDATE_TILE_COLS", Integer.toString(columns));
    d.put("UPDATE_ROW_TILES", Integer.toString(UPDATE_ROW_TILES));
    return new Shape(d, new long[] {ceil(out, fit(columns, out)), ceil(rows, TILE_ROWS * UPDATE_ROW_TILES)});
  }

  public static Shape head(Node layer, int batch, Precision precision) {
    // a sample's whole output row lives in registers: several samples per work-item only for small rows
    int rows = units(layer) <= 32 ? 4 : 1;
    Map<String, String> d = new LinkedHashMap<>();
    d.put("HEAD_TILE_ROWS", Integer.toString(rows));
    d.put("HEAD_VECTOR", Integer.toString(columns(precision)));
    return new Shape(d, new long[] {ceil(batch, rows)});
  }

  /** Output pixels of the whole batch in rows of 6, CONV_ROW_TILES row tiles per work-item. */
  public static Shape convForward(Node layer, int batch, Precision precision) {
    int filters = units(layer);
    int pixels = batch * layer.shape().height() * layer.shape().width();
    int rowTiles = CONV_ROW_TILES;
    Map<String, String> d = new LinkedHashMap<>();
    d.put("CONV_TILE_ROWS", Integer.toString(TILE_ROWS));
    d.put("CONV_TILE_COLS", Integer.toString(columns(precision)));
    d.put("CONV_ROW_TILES", Integer.toString(rowTiles));
    return new Shape(d, new long[] {
        ceil(filters, fit(columns(precision), filters)), ceil(pixels, TILE_ROWS * rowTiles)});
  }

  /**
   * Input pixels of the whole batch in rows of 6; the transposed weights of as many window taps as
   * fit a 16 KiB private panel are copied at a time.
   */
  public static Shape convBackward(Node layer, Window window, int batch, Precision precision) {
    dev.kiln.processor.ir.Shape input = layer.input().shape();
    int channels = input.channels();
    int lanes = fit(columns(precision), channels);
    int taps = window.height() * window.width();
    int panelTaps = Math.max(1, Math.min(taps, BACKWARD_PANEL_BYTES / (units(layer) * lanes * realBytes(precision))));
    int pixels = batch * input.height() * input.width();
    Map<String, String> d = new LinkedHashMap<>();
    d.put("CONV_BACKWARD_TILE_ROWS", Integer.toString(TILE_ROWS));
    d.put("CONV_BACKWARD_TILE_COLS", Integer.toString(columns(precision)));
    d.put("CONV_BACKWARD_ROW_TILES", Integer.toString(CONV_BACKWARD_ROW_TILES));
    d.put("CONV_BACKWARD_TAPS", Integer.toString(panelTaps));
    return new Shape(d, new long[] {ceil(channels, lanes), ceil(pixels, TILE_ROWS * CONV_BACKWARD_ROW_TILES)});
  }

  /** Parameter rows in tiles of 6, as many row tiles per work-item as still leave CONV_UPDATE_WORK_ITEMS. */
  public static Shape convUpdate(Node layer, int rows, Precision precision) {
    int columnTiles = ceil(units(layer), fit(columns(precision), units(layer)));
    int rowTiles = ceil(rows, TILE_ROWS);
    int perItem = Math.max(1, Math.min(CONV_UPDATE_MAX_ROW_TILES,
        ceil(rowTiles, Math.max(1, ceil(CONV_UPDATE_WORK_ITEMS, columnTiles)))));
    Map<String, String> d = new LinkedHashMap<>();
    d.put("CONV_UPDATE_TILE_ROWS", Integer.toString(TILE_ROWS));
    d.put("CONV_UPDATE_TILE_COLS", Integer.toString(columns(precision)));
    d.put("CONV_UPDATE_ROW_TILES", Integer.toString(perItem));
    return new Shape(d, new long[] {columnTiles, ceil(rowTiles, perItem)});
  }

  /** Batch normalisation: one work-item per tile of channels (of a sample, when {@code samples} > 1). */
  public static Shape channels(Node layer, int samples, Precision precision) {
    Map<String, String> d = new LinkedHashMap<>();
    int lanes = fit(columns(precision), units(layer));
    d.put("BN_LANES", Integer.toString(lanes));
    return new Shape(d, new long[] {ceil(units(layer), lanes), samples});
  }

  /** One work-item per image row of a sample. */
  public static Shape pool(int rows, int batch) {
    return new Shape(Map.of(), new long[] {rows, batch});
  }

  /** Outputs per sample of a flat layer, or channels (filters) per pixel of an image layer. */
  private static int units(Node layer) {
    return layer.shape().channels();
  }

  private static int inputWidth(Node layer) {
    return layer.input().shape().size();
  }

  private static int realBytes(Precision precision) {
    return precision == Precision.DOUBLE ? 8 : 4;
  }

  public static int ceil(int a, int b) {
    return (a + b - 1) / b;
  }
}
