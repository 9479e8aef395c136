package io.github.livepatchexporter.config;

/** A configuration file or value that cannot be used; the message is one line naming it. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
