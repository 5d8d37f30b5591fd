/**
 * The year a cold-archive test file generates its months in. `audit:restore` restores every stored archive
 * of a month, so two files archiving the same month of the same year would restore each other's rows: each
 * file draws from thirty years of its own (random within them, so reruns on a kept dev database rarely meet
 * an earlier run's months).
 */
const FIRST_YEAR = {
  cold_archive: 1901,
  cold_archive_multipart: 1931,
  cold_archive_schedule: 1961,
} as const;

export function archiveYear(file: keyof typeof FIRST_YEAR): number {
  return FIRST_YEAR[file] + Math.floor(Math.random() * 30);
}
