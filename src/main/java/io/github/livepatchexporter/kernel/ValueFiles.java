package io.github.livepatchexporter.kernel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads one-value sysfs files. Absent files are empty results; unreadable or malformed ones are
 * empty results and a host-level problem naming the file.
 */
final class ValueFiles {
  private final Problems problems;

  ValueFiles(Problems problems) {
    this.problems = problems;
  }

  interface Parser<T> {
    T parse(String content) throws KernelFormatException;
  }

  <T> Optional<T> read(Path file, Parser<T> parser) {
    try {
      Optional<String> content = KernelFile.read(file);
      if (content.isPresent()) {
        return Optional.of(parser.parse(content.get()));
      }
    } catch (IOException e) {
      problems.host(file, e);
    } catch (KernelFormatException e) {
      problems.host(file, e.getMessage());
    }
    return Optional.empty();
  }

  Optional<Boolean> flag(Path file) {
    return read(file, SysfsValues::parseFlag);
  }

  OptionalInt integer(Path file) {
    Optional<Integer> v = read(file, SysfsValues::parseInt);
    return v.isPresent() ? OptionalInt.of(v.get()) : OptionalInt.empty();
  }

  OptionalLong tainted(Path file) {
    Optional<Long> v = read(file, SysfsValues::parseTainted);
    return v.isPresent() ? OptionalLong.of(v.get()) : OptionalLong.empty();
  }

  Optional<String> line(Path file) {
    return read(file, SysfsValues::parseLine);
  }
}
