// The goal of loading the provider's code at run time, asserted: through the dynamic-provider host, check and diff
// of the current shell are at least twice as fast as those of v1 (the provider serialized by value), measured
// alternately in the same run so that both see the same machine load. `npm run bench` reports every operation.
import { benchInputs, startVariant, type Variant } from "../bench/provider-variants";
import { median } from "../bench/stats";
import { MailcowEmulator } from "./support/mailcow-emulator";
import type { DynamicProviderHost, Props } from "./support/provider-host";

const ROUNDS = 25;

let emulator: MailcowEmulator;
const hosts = {} as Record<Variant, DynamicProviderHost>;
const state = {} as Record<Variant, { id: string; outs: Props; inputs: Props }>;

beforeAll(async () => {
  emulator = await MailcowEmulator.start();
  for (const variant of ["old", "new"] as const) {
    hosts[variant] = await startVariant(variant, emulator);
    const { inputs } = await hosts[variant].check({}, benchInputs(emulator.url, "mailcow"));
    const { id, outs } = await hosts[variant].create(inputs);
    state[variant] = { id, outs, inputs };
  }
});

afterAll(async () => {
  await hosts.old?.stop();
  await hosts.new?.stop();
  await emulator?.stop();
});

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

test.each(["check", "diff"] as const)("%s is at least 2x faster than v1's", async (op) => {
  const samples: Record<Variant, number[]> = { old: [], new: [] };
  for (let round = 0; round <= ROUNDS; round++) {
    for (const variant of ["old", "new"] as const) {
      const { id, outs, inputs } = state[variant];
      const host = hosts[variant];
      const ms = await timed(() => (op === "check" ? host.check(inputs, inputs) : host.diff(id, outs, inputs)));
      if (round > 0) samples[variant].push(ms); // round 0 warms up both hosts
    }
  }
  expect(median(samples.new) * 2).toBeLessThanOrEqual(median(samples.old));
});
