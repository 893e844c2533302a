// Reading what the CLI reports (plans) and scanning what it wrote (state, logs) for secrets.
import type { RunResult } from "./project";

export interface PlannedStep {
  op: string;
  type: string;
  name: string;
}

/** The steps of `pulumi preview --json` (op, resource type, logical name). */
export function planOf(preview: RunResult): PlannedStep[] {
  const parsed = JSON.parse(preview.stdout) as { steps?: { op: string; urn: string }[] };
  return (parsed.steps ?? []).map((step) => {
    const [type, name] = typeName(step.urn);
    return { op: step.op, type, name };
  });
}

/** urn:pulumi:<stack>::<project>::<parent$…$type>::<name> → [type, name]. */
function typeName(urn: string): [string, string] {
  const [, , qualified, name] = urn.split("::");
  return [qualified.split("$").pop() ?? qualified, name];
}

/** Steps that change something (not `same`, nor the reads of `--refresh`), as "op type name". */
export function changes(plan: PlannedStep[]): string[] {
  return plan
    .filter((step) => step.op !== "same" && step.op !== "refresh")
    .map((step) => `${step.op} ${step.type} ${step.name}`);
}

/**
 * The forms a secret can take in text: itself, URL-encoded, JSON-escaped, and base64/base64url at each of the three
 * byte alignments it could have inside a longer encoded value (edge characters that mix in neighbours dropped).
 */
export function secretForms(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const forms = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString("base64");
    const core = encoded.slice(shift > 0 ? 4 : 0, 4 * Math.floor((shift + bytes.length) / 3));
    forms.add(core);
    forms.add(core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return [...forms].filter((form) => form.length >= 8);
}

/** Which named secrets occur (in any form) in which of the given texts: [] when none. */
export function leaks(texts: Record<string, string>, secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [secretName, secret] of Object.entries(secrets)) {
    const forms = secretForms(secret);
    for (const [where, text] of Object.entries(texts)) {
      if (forms.some((form) => text.includes(form))) found.push(`${secretName} in ${where}`);
    }
  }
  return found;
}
