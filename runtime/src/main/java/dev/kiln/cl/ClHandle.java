package dev.kiln.cl;

import dev.kiln.KilnException;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Owns one OpenCL object on behalf of a wrapper (ClContext, ClBuffer, ...) and releases it exactly
 * once: when the wrapper is closed, when the handle's parent is released (children go first, newest
 * first), or, as a back-stop, when the wrapper becomes unreachable. The handle never refers to its
 * wrapper, so the cleaner can collect the wrapper.
 */
final class ClHandle {
  private static final Cleaner CLEANER = Cleaner.create();

  private final String what;
  private final Runnable release;
  private final ClHandle parent;
  private final Set<ClHandle> children = new LinkedHashSet<>(); // guarded by this
  private volatile boolean released; // written under this, read without: launches check it
  private Cleaner.Cleanable cleanable;

  private ClHandle(String what, ClHandle parent, Runnable release) {
    this.what = what;
    this.parent = parent;
    this.release = release;
  }

  /**
   * Takes charge of an OpenCL object that {@code owner} wraps. {@code release} frees the object; it
   * must not capture {@code owner}. {@code parent} (null for a context) releases this handle when
   * it is released itself.
   *
   * @throws KilnException (after releasing the object) when the parent is already closed
   */
  static ClHandle register(Object owner, String what, ClHandle parent, Runnable release) {
    ClHandle handle = new ClHandle(what, parent, release);
    handle.cleanable = CLEANER.register(owner, handle::release);
    if (parent != null && !parent.adopt(handle)) {
      handle.close();
      throw parent.closedError();
    }
    return handle;
  }

  /** Releases the object and its children; later calls do nothing. */
  void close() {
    cleanable.clean(); // runs release() at most once, whoever asks first
  }

  boolean isOpen() {
    return !released;
  }

  /** Throws when the object has been released, naming it as {@code what}. */
  void ensureOpen() {
    if (!isOpen()) {
      throw closedError();
    }
  }

  private KilnException closedError() {
    return new KilnException(what + " is closed");
  }

  private synchronized boolean adopt(ClHandle child) {
    if (released) {
      return false;
    }
    children.add(child);
    return true;
  }

  private synchronized void forget(ClHandle child) {
    children.remove(child);
  }

  private void release() {
    List<ClHandle> toRelease;
    synchronized (this) {
      released = true;
      toRelease = new ArrayList<>(children);
      children.clear();
    }
    Collections.reverse(toRelease);
    toRelease.forEach(ClHandle::close);
    release.run();
    if (parent != null) {
      parent.forget(this);
    }
  }
}
