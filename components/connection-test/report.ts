import type { ConnectionReport } from "./check-connection";

const HEAD = "mailcow-sso connection test:";
const MARK = { ok: "ok  ", failed: "FAIL", skipped: "skip" } as const;

/** "…: passed (9 checks)" or "…: FAILED (1 of 9 checks failed, 4 skipped)": every check is counted. */
function verdict(report: ConnectionReport): string {
  const total = report.checks.length;
  if (report.ok) return `${HEAD} passed (${total} checks)`;
  const count = (status: string) => report.checks.filter((check) => check.status === status).length;
  const skipped = count("skipped");
  return `${HEAD} FAILED (${count("failed")} of ${total} checks failed${skipped > 0 ? `, ${skipped} skipped` : ""})`;
}

export function formatReport(report: ConnectionReport): string {
  const lines = report.checks.map(
    (check) => `  ${MARK[check.status]} ${check.name}${check.detail ? `: ${check.detail}` : ""}`,
  );
  return [verdict(report), ...lines].join("\n");
}

/** The verdict line of a report the connection test printed, or undefined: nothing else of the text passes. */
export function summaryLine(output: string | undefined): string | undefined {
  const line = (output ?? "").split("\n").find((candidate) => candidate.startsWith(HEAD));
  return line !== undefined && /^mailcow-sso connection test: (passed|FAILED) \([\w ,]+\)$/.test(line)
    ? line
    : undefined;
}
