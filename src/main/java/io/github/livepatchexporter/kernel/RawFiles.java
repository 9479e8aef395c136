package io.github.livepatchexporter.kernel;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plain I/O under every reader of sysfs and procfs: a small file read whole, a directory's
 * names, a failure put in words. Absent files and directories are empty results (the kernel lacks
 * them, or they vanished); other failures are thrown for the reader to record.
 */
final class RawFiles {
  /** Larger than any file this project reads; a bigger one is cut, never loaded whole. */
  static final int MAX_BYTES = 1 << 16;

  private RawFiles() {}

  /** The content, or empty when the file does not exist; other failures are thrown. */
  static Optional<String> read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Optional.of(new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8));
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Optional.empty();
    }
  }

  /** Names in a directory, sorted; empty when the directory does not exist. */
  static List<String> list(Path dir, boolean directoriesOnly) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (!directoriesOnly || Files.isDirectory(entry)) {
          names.add(entry.getFileName().toString());
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    }
    names.sort(null);
    return names;
  }

  /** A short reason for an I/O failure, without the path (the caller names the file). */
  static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    String m = e.getMessage();
    if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
      m = fse.getReason();
    }
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    return m.replace('\n', ' ');
  }

  /**
   * The reason in a {@link FileNotFoundException}'s message, {@code "<path> (Permission denied)"},
   * in the words {@link #reason} uses. The task walk opens files with {@code FileInputStream},
   * whose failures say why only this way.
   */
  static String openFailure(FileNotFoundException e) {
    String m = String.valueOf(e.getMessage());
    int open = m.lastIndexOf(" (");
    String reason = open >= 0 && m.endsWith(")") ? m.substring(open + 2, m.length() - 1) : m;
    return switch (reason) {
      case "No such file or directory" -> "missing";
      case "Permission denied" -> "permission denied";
      default -> reason;
    };
  }
}
