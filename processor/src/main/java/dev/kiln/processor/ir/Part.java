package dev.kiln.processor.ir;

/**
 * A model class used as a layer of another ({@code @Layer Discriminator discriminator;}): its nodes
 * are inlined into the other's graph, named {@code field.node}, and the field holds the part's own
 * compiled model, which shares those nodes' weights.
 *
 * @param field the field that declares it
 * @param modelClass the part's model class, qualified: {@code dev.kiln.examples.Discriminator}
 * @param compiledClass its generated class, qualified: {@code dev.kiln.examples.DiscriminatorCompiled}
 * @param frozen whether the field says {@code trainable = false}: training the whole leaves its weights alone
 */
public record Part(String field, String modelClass, String compiledClass, boolean frozen) {}
