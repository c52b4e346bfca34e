/** A file-name-safe UTC time stamp: 2025-01-31T12-04-05Z. */
export function fileStamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/:/g, "-");
}
