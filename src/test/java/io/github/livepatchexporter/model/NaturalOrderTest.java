package io.github.livepatchexporter.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {
  @Test
  void numbersCompareByValue() {
    List<String> names =
        new ArrayList<>(
            List.of(
                "livepatch_10_2_1",
                "livepatch_9_1_1",
                "kgraft_patch_2_2_1",
                "livepatch_1_1_1",
                "livepatch_01_1_1",
                "livepatch_1_1_10",
                "livepatch_1_1_2"));
    names.sort(NaturalOrder.INSTANCE);
    assertEquals(
        List.of(
            "kgraft_patch_2_2_1",
            "livepatch_1_1_1",
            "livepatch_01_1_1",
            "livepatch_1_1_2",
            "livepatch_1_1_10",
            "livepatch_9_1_1",
            "livepatch_10_2_1"),
        names);
  }

  @Test
  void prefixSortsFirst() {
    assertEquals(-1, Integer.signum(NaturalOrder.INSTANCE.compare("a", "a1")));
    assertEquals(0, NaturalOrder.INSTANCE.compare("a1", "a1"));
  }
}
