package io.github.livepatchexporter.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.ReadParts;
import io.github.livepatchexporter.testutil.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The snapshot records what its read took in, so "not read" differs from "none". */
class ReadOptionsTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "STATUS          | false | false | false | 0",
        "PATCHES         | true  | false | false | 1",
        "BLOCKING        | false | true  | false | 0",
        "BLOCKING_STACKS | false | true  | true  | 0",
        "ALL             | true  | true  | false | 1",
      })
  void theSnapshotSaysWhatWasRead(
      String options, boolean details, boolean tasks, boolean stacks, int modules) {
    LivepatchState s =
        new StateReader(Fixtures.roots(Fixtures.copy("one-enabled", tmp)))
            .read(Fixtures.readOptions(options));
    assertEquals(new ReadParts(details, tasks, stacks), s.parts());
    // The one live patch module is there only when it was looked for.
    assertEquals(modules, s.modules().size());
  }

  /** The demo host, in model/ only, says it read what the exporter reads. */
  @org.junit.jupiter.api.Test
  void aScrapeReadsWhatReadPartsScrapeSays() {
    assertEquals(io.github.livepatchexporter.model.ReadParts.SCRAPE, ReadOptions.ALL.parts());
  }
}
