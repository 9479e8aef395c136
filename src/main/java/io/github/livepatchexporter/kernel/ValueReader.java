package io.github.livepatchexporter.kernel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads one-value files ({@code enabled}, {@code refcnt}, {@code osrelease}, ...) through {@link
 * SysfsParsers} and {@link ProcParsers} for the reader that owns {@code problems}. Absent files are
 * empty results; unreadable or malformed ones are empty results and a host-level problem naming the
 * file.
 *
 * <p>The parsers are anonymous classes, not method references: {@code klp status} reads {@code
 * enabled} and {@code transition} through here, and on JDK 17 the first lambda of a run costs about
 * 10 ms of its start (bench/RESULTS.md).
 */
final class ValueReader {
  private final Problems problems;

  ValueReader(Problems problems) {
    this.problems = problems;
  }

  interface Parser<T> {
    T parse(String content) throws KernelFormatException;
  }

  <T> Optional<T> read(Path file, Parser<T> parser) {
    try {
      Optional<String> content = RawFiles.read(file);
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

  private static final Parser<Boolean> FLAG =
      new Parser<>() {
        @Override
        public Boolean parse(String content) throws KernelFormatException {
          return SysfsParsers.parseFlag(content);
        }
      };

  private static final Parser<Integer> INT =
      new Parser<>() {
        @Override
        public Integer parse(String content) throws KernelFormatException {
          return SysfsParsers.parseInt(content);
        }
      };

  private static final Parser<Long> TAINTED =
      new Parser<>() {
        @Override
        public Long parse(String content) throws KernelFormatException {
          return ProcParsers.parseTainted(content);
        }
      };

  private static final Parser<String> LINE =
      new Parser<>() {
        @Override
        public String parse(String content) throws KernelFormatException {
          return SysfsParsers.parseLine(content);
        }
      };

  Optional<Boolean> flag(Path file) {
    return read(file, FLAG);
  }

  OptionalInt integer(Path file) {
    Optional<Integer> v = read(file, INT);
    return v.isPresent() ? OptionalInt.of(v.get()) : OptionalInt.empty();
  }

  OptionalLong tainted(Path file) {
    Optional<Long> v = read(file, TAINTED);
    return v.isPresent() ? OptionalLong.of(v.get()) : OptionalLong.empty();
  }

  Optional<String> line(Path file) {
    return read(file, LINE);
  }
}
