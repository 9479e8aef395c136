package io.github.livepatchexporter.system;

/** Sends a signal to a process: the only way {@code kgr poke} touches the host. */
public interface Signals {

  /**
   * Sends {@code signal} ({@code STOP}, {@code CONT}) to {@code pid}.
   *
   * @throws SignalException when the signal could not be delivered, with a one-line reason
   */
  void send(long pid, String signal) throws SignalException;

  /** A signal that could not be sent. */
  final class SignalException extends Exception {
    private static final long serialVersionUID = 1L;

    public SignalException(String message) {
      super(message);
    }
  }
}
