// authentik durations ("hours=1;minutes=30") as used by the OAuth2 provider's validity settings.

const UNIT_SECONDS: ReadonlyMap<string, number> = new Map([
  ["microseconds", 1e-6],
  ["milliseconds", 1e-3],
  ["seconds", 1],
  ["minutes", 60],
  ["hours", 3600],
  ["days", 86400],
  ["weeks", 604800],
]);

export const DURATION_UNITS: readonly string[] = [...UNIT_SECONDS.keys()];

/** Seconds in an authentik duration; undefined when the text is not `unit=number` pairs joined by ";". */
export function parseDurationSeconds(text: string): number | undefined {
  let total = 0;
  for (const pair of text.split(";")) {
    const match = /^\s*([a-z]+)\s*=\s*(\d+(?:\.\d+)?)\s*$/i.exec(pair);
    const unit = match ? UNIT_SECONDS.get(match[1].toLowerCase()) : undefined;
    if (!match || unit === undefined) return undefined;
    total += Number(match[2]) * unit;
  }
  return total;
}

/** Renders seconds in authentik's syntax with the largest unit that divides evenly, for messages. */
export function formatDuration(seconds: number): string {
  for (const unit of ["weeks", "days", "hours", "minutes"]) {
    const size = UNIT_SECONDS.get(unit) ?? 1;
    if (seconds >= size && Number.isInteger(seconds / size)) return `${unit}=${seconds / size}`;
  }
  return `seconds=${seconds}`;
}
