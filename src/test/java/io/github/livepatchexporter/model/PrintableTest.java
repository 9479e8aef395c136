package io.github.livepatchexporter.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrintableTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("kworker/0:1H-kblockd", "kworker/0:1H-kblockd"),
        Arguments.of("a\nb\tc\rd\0e", "a?b?c?d?e"),
        Arguments.of("\u001b[31mred\u007f", "?[31mred?"),
        Arguments.of("c1 \u0085\u009b", "c1 ??"),
        Arguments.of("bidi \u202eabc\u200b", "bidi ?abc?"),
        Arguments.of("line\u2028sep", "line?sep"),
        Arguments.of("not utf-8 \ufffd", "not utf-8 ?"),
        Arguments.of("lone \ud800 surrogate", "lone ? surrogate"),
        Arguments.of("private \ue000", "private ?"),
        Arguments.of("emoji \ud83d\ude00 käse 日本語 Ωmega", "emoji \ud83d\ude00 käse 日本語 Ωmega"),
        Arguments.of("no-break\u00a0space", "no-break\u00a0space"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void nonPrintableBecomesQuestionMark(String in, String shown) {
    assertEquals(shown, Printable.of(in));
  }

  @Test
  void printableTextIsTheSameString() {
    String s = "cat /proc/klp_sleeper";
    assertSame(s, Printable.of(s));
  }
}
