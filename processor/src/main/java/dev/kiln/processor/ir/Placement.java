package dev.kiln.processor.ir;

/**
 * Where a node's kernels write its values, one row (a position of the last axis) at a time: row r of
 * sample b starts at {@code (b * rows + r) * rowWidth + column} of {@code buffer}'s activations, and
 * its gradient at the same place of {@code buffer}'s gradient.
 *
 * @param buffer the node itself, or the Concatenate it is written straight into
 * @param rowWidth values per row of that buffer
 * @param column where the node's values start in each row
 */
public record Placement(Node buffer, int rowWidth, int column) {
  /** Whether the values go into another node's buffer, not the node's own. */
  public boolean elsewhere(Node node) {
    return buffer != node;
  }

  /** For a kernel's purpose: where {@code node}'s values go when not into its own buffer. */
  public String described(Node node) {
    return elsewhere(node) ? ", written into '" + buffer.name() + "'" : "";
  }
}
