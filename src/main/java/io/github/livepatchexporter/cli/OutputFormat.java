package io.github.livepatchexporter.cli;

/** {@code --output}: the text the real klp prints, or one JSON document for scripts. */
public enum OutputFormat {
  text,
  json
}
