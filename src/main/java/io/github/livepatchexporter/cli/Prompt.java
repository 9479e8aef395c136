package io.github.livepatchexporter.cli;

import java.io.Console;

/** Asks the person at the terminal to confirm a change. */
public interface Prompt {
  /** Whether someone can answer: stdin and stdout are a terminal. */
  boolean available();

  /** Asks {@code question [y/N]}; only y or yes (any case) confirm. */
  boolean confirm(String question);

  /** The process's terminal, when it has one. */
  static Prompt console() {
    Console console = System.console();
    return new Prompt() {
      @Override
      public boolean available() {
        return console != null;
      }

      @Override
      public boolean confirm(String question) {
        String answer = console.readLine("%s [y/N] ", question);
        return isYes(answer);
      }
    };
  }

  static boolean isYes(String answer) {
    if (answer == null) {
      return false;
    }
    String a = answer.strip();
    return a.equalsIgnoreCase("y") || a.equalsIgnoreCase("yes");
  }
}
