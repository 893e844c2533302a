// The two mailcow providers the benchmark and the latency test compare in one run: v1 (the whole provider
// serialized by value, as recorded from a real state in tests/fixtures) and the current shell that loads the
// compiled code from disk. Each runs in its own dynamic-provider host against the same emulator.
import { readFileSync } from "node:fs";
import path from "node:path";
import { identityProviderShell } from "../components/mailcow/provider-shell";
import { desiredInputs } from "../tests/support/identity-provider-host";
import type { MailcowEmulator } from "../tests/support/mailcow-emulator";
import { DynamicProviderHost, PROJECT_ROOT, type Props } from "../tests/support/provider-host";

export const OPERATIONS = ["check", "diff", "create", "read", "update", "delete"] as const;
export type Operation = (typeof OPERATIONS)[number];

export type Variant = "old" | "new";
export const VARIANTS: readonly Variant[] = ["old", "new"];

/** v1's `__provider`, exactly as a state written before the change holds it. */
export function v1ProviderText(): string {
  const file = path.join(PROJECT_ROOT, "tests", "fixtures", "mailcow-provider-v1.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { provider: string }).provider;
}

export async function startVariant(variant: Variant, emulator: MailcowEmulator): Promise<DynamicProviderHost> {
  const provider = variant === "old" ? { text: v1ProviderText() } : identityProviderShell;
  const host = await DynamicProviderHost.start({ project: "mailcow-sso", provider });
  await host.configure({
    mailcow: JSON.stringify({ apiKey: emulator.rwKey, requestTimeoutSeconds: 5, maxRetries: 0 }),
  });
  return host;
}

/** The inputs of one benchmark run: MailcowSso's usual ones, with a client ID that updates can change. */
export function benchInputs(mailcowUrl: string, clientId: string): Props {
  return desiredInputs(mailcowUrl, { clientId, clientSecret: "bench-client-secret-0123456789" });
}

export interface Sample {
  ms: number;
  requests: number;
}

/**
 * One lifecycle through `host` (check, create, diff, read, update, delete), timing each call and counting the
 * HTTP requests it sent.
 */
export async function lifecycle(
  host: DynamicProviderHost,
  emulator: MailcowEmulator,
  run: number,
  record: (op: Operation, sample: Sample) => void,
): Promise<void> {
  async function measure<T>(op: Operation, fn: () => Promise<T>): Promise<T> {
    const before = emulator.requests.length;
    const start = performance.now();
    const result = await fn();
    record(op, { ms: performance.now() - start, requests: emulator.requests.length - before });
    return result;
  }
  const checked = await measure("check", () => host.check({}, benchInputs(emulator.url, "mailcow")));
  if (checked.failures.length > 0) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
  const { id, outs } = await measure("create", () => host.create(checked.inputs));
  const diff = await measure("diff", () => host.diff(id, outs, checked.inputs));
  if (diff.changes !== "none") throw new Error(`expected a no-op diff, got ${diff.changes}`);
  const read = await measure("read", () => host.read(id, outs, checked.inputs));
  const changed = await host.check(checked.inputs, benchInputs(emulator.url, `mailcow-${run}`));
  const updated = await measure("update", () => host.update(id, read.props, changed.inputs));
  await measure("delete", () => host.delete(id, updated.outs));
}

export type Samples = Record<Variant, Record<Operation, Sample[]>>;

/** Runs both variants in turn, `runs` times each after one untimed warm-up (deserializing, configuring). */
export async function compareVariants(
  emulator: MailcowEmulator,
  runs: number,
): Promise<{
  samples: Samples;
  providerText: Record<Variant, string>;
}> {
  const empty = () => Object.fromEntries(OPERATIONS.map((op) => [op, [] as Sample[]])) as Record<Operation, Sample[]>;
  const samples: Samples = { old: empty(), new: empty() };
  const hosts = { old: await startVariant("old", emulator), new: await startVariant("new", emulator) };
  try {
    for (let run = 0; run <= runs; run++) {
      // Alternating keeps both variants under the same machine load.
      for (const variant of VARIANTS) {
        await lifecycle(hosts[variant], emulator, run, (op, sample) => {
          if (run > 0) samples[variant][op].push(sample);
        });
      }
    }
    return { samples, providerText: { old: hosts.old.providerText, new: hosts.new.providerText } };
  } finally {
    await hosts.old.stop();
    await hosts.new.stop();
  }
}
