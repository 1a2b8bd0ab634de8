package dev.kiln;

/**
 * The two steps of one GAN iteration ({@code adversarialStep}): the discriminator's on real and
 * generated images, then the generator's through the frozen discriminator. Reading either waits
 * for the device.
 */
public record GanStep(BatchResult discriminator, BatchResult generator) {}
