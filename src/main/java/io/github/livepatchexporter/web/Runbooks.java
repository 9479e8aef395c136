package io.github.livepatchexporter.web;

import java.util.List;
import java.util.Locale;

/**
 * The alerts of {@code alerts/alerts.yaml} and their sections in {@code docs/runbook.md}, for the
 * landing page's links. RunbooksTest holds this list to the rules file, and each anchor to a
 * heading of the runbook, so neither can drift.
 */
final class Runbooks {
  private Runbooks() {}

  /** Where {@code runbook_url} of every alert points, without the anchor. */
  static final String BASE =
      "https://github.com/livepatchexporter/livepatch_exporter/blob/main/docs/runbook.md";

  static final String STALLED = "LivepatchTransitionStalled";
  static final String UNINTERRUPTIBLE = "LivepatchTransitionBlockedByUninterruptibleThreads";
  static final String COLLECTOR_FAILED = "LivepatchCollectorFailed";
  static final String CANNOT_READ_TASKS = "LivepatchExporterCannotReadTasks";
  static final String EXPIRING = "LivepatchExpiringSoon";
  static final String EXPIRED = "LivepatchExpired";
  static final String UPDATE = "LivepatchUpdateAvailable";
  static final String UPDATE_UNKNOWN = "LivepatchUpdateStatusUnknown";

  /** Every alert, in the order of the rules file. */
  static final List<String> ALERTS =
      List.of(
          STALLED,
          UNINTERRUPTIBLE,
          COLLECTOR_FAILED,
          CANNOT_READ_TASKS,
          "LivepatchExporterDown",
          "LivepatchExporterAbsent",
          "LivepatchTextfileStale",
          "LivepatchFleetDrift",
          EXPIRING,
          EXPIRED,
          UPDATE,
          UPDATE_UNKNOWN,
          "LivepatchPackageMetadataStale");

  /** The runbook section of an alert, as GitHub anchors a heading. */
  static String url(String alert) {
    return BASE + "#" + alert.toLowerCase(Locale.ROOT);
  }

  /** A link to the alert's section, named after the alert. */
  static String link(String alert) {
    return "<a class=\"runbook\" href=\"" + url(alert) + "\">runbook: " + alert + "</a>";
  }
}
