package io.github.livepatchexporter.kernel;

/** A kernel file whose content is not what the kernel writes there. The message is one line. */
public final class KernelFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public KernelFormatException(String message) {
    super(message);
  }
}
