package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.livepatchexporter.exporter.Exporter;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The textfile state file: what is written reads back; anything else is one reason why not. */
class TextfileStateTest {
  @Test
  void roundTrip() throws Exception {
    for (Exporter.Memory m :
        new Exporter.Memory[] {
          Exporter.Memory.NONE,
          new Exporter.Memory(
              Optional.of(new Exporter.Seen("lpe_patch_sleeper/patching", 1796196380.412)), 12),
          new Exporter.Memory(Optional.of(new Exporter.Seen("kgraft", 1.0)), 0)
        }) {
      assertEquals(m, TextfileState.parse(TextfileState.format(m)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          empty                  | ''                                     | no proc_walks line
          a date, not a number   | transition a/patching yesterday\\nproc_walks 1 | line 1: not a number in 'transition a/patching yesterday'
          negative count         | proc_walks -3                          | line 1: not a number in 'proc_walks -3'
          a zero start           | transition a/patching 0\\nproc_walks 1 | line 1: not a number in 'transition a/patching 0'
          an unknown key         | proc_walks 1\\nfoo bar                  | line 2: unexpected 'foo bar'
          twice                  | proc_walks 1\\nproc_walks 2             | line 2: unexpected 'proc_walks 2'
          a control character    | proc_walks 1\\nx\\u0007y                 | line 2: unexpected 'x?y'
          """)
  void notAStateFile(String name, String text, String why) {
    TextfileState.Unreadable e =
        assertThrows(
            TextfileState.Unreadable.class,
            () -> TextfileState.parse(text.replace("\\n", "\n").replace("\\u0007", "\u0007")));
    assertEquals(why, e.getMessage(), name);
  }
}
