/** The annotations a user writes to describe a model; Kiln's processor reads them at compile time. */
package dev.kiln.annotations;
