package dev.kiln.processor.read;

import dev.kiln.processor.check.NodeErrors;
import dev.kiln.processor.ir.ModelGraph;

/**
 * A model class as read: its graph, and where each of its nodes was declared.
 *
 * @param complete whether every field could be read; without some, the graph's output is not the model's
 */
public record ReadModel(ModelGraph graph, NodeErrors errors, boolean complete) {}
