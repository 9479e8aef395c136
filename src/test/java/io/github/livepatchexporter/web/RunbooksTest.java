package io.github.livepatchexporter.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.livepatchexporter.testutil.Project;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The landing page's runbook links and ages, against the rules file they come from. */
class RunbooksTest {
  private static final Pattern ALERT = Pattern.compile("^\\s*- alert: (\\S+)");
  private static final Pattern URL = Pattern.compile("^\\s*runbook_url: (\\S+)");

  /** Every alert of alerts/alerts.yaml, in its order, and each link the one its rule gives. */
  @Test
  void theListIsTheRulesFile() throws Exception {
    Set<String> alerts = new LinkedHashSet<>();
    List<String> urls = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    String alert = null;
    for (String line : Files.readAllLines(Project.dir().resolve("alerts/alerts.yaml"))) {
      Matcher a = ALERT.matcher(line);
      Matcher u = URL.matcher(line);
      if (a.find()) {
        alert = a.group(1);
        alerts.add(alert);
      } else if (u.find()) {
        urls.add(u.group(1));
        expected.add(Runbooks.url(alert));
      }
    }
    assertEquals(List.copyOf(alerts), Runbooks.ALERTS);
    assertEquals(expected, urls);
  }

  @ParameterizedTest(name = "{0} s: {1}")
  @CsvSource({
    "-5, 0 s",
    "0, 0 s",
    "59, 59 s",
    "60, 1 min 0 s",
    "3599, 59 min 59 s",
    "3600, 1 h 0 min",
    "86399, 23 h 59 min",
    "86400, 1 d 0 h",
    "200000, 2 d 7 h"
  })
  void ages(long seconds, String shown) {
    assertEquals(shown, Html.age(Duration.ofSeconds(seconds)));
  }
}
