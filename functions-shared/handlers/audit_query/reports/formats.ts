/**
 * What a stored compliance report's alert figures counted, by its format_version (audit.compliance_reports,
 * written by the builder). A report is immutable and hash-chained: it keeps the words of the format it was
 * built in, whatever the builder counts today.
 *
 * 1: the organization's alerts and every platform-wide one (any type), as 20261203001310 counted them.
 * 2: the organization's alerts and the platform's COMPLIANCE ones, the alerts its admins read
 *    (20261205111000 changed the count, 20261205114000 the version).
 */
export const REPORT_FORMAT_VERSIONS = [1, 2] as const;
export type ReportFormatVersion = typeof REPORT_FORMAT_VERSIONS[number];

export interface AlertWords {
  /** The HTML label of alerts.platform. */
  readonly platformLabel: string;
  /** The CSV name of alerts.platform: a spreadsheet across months must not add two meanings up. */
  readonly platformCsvName: string;
  /** What alerts.total (and the severities) counted, in a sentence. */
  readonly counted: string;
}

export const ALERT_WORDS: Readonly<Record<ReportFormatVersion, AlertWords>> = {
  1: {
    platformLabel: "platform-wide",
    platformCsvName: "platform",
    counted: "the organization's alerts and every platform-wide alert of the period " +
      "(security, system, performance and compliance)",
  },
  2: {
    platformLabel: "platform compliance",
    platformCsvName: "platform_compliance",
    counted: "the organization's alerts and the platform's compliance alerts of the period, " +
      "the ones its admins read",
  },
};
