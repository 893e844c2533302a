// Benchmark: each dynamic-provider operation of the mailcow identity provider, driven through Pulumi's real
// dynamic-provider host over gRPC against the local mailcow API emulator, for the provider before the change (v1,
// serialized by value, from tests/fixtures) and the current one (a shell that loads the compiled code), in the
// same run. Prints HTTP requests per operation and latency (median, p90), the serialized sizes, and the goals.
// Run: npm run bench   (BENCH_RUNS=50 to change the number of runs)
import { gzipSync } from "node:zlib";
import { MailcowEmulator } from "../tests/support/mailcow-emulator";
import { OPERATIONS, type Operation, type Sample, VARIANTS, compareVariants } from "./provider-variants";
import { countRange, markdownTable, median, percentile } from "./stats";

const REQUEST_GOALS: Record<Operation, string> = {
  check: "0",
  diff: "0",
  create: "<= 3",
  read: "1",
  update: "<= 2",
  delete: "<= 2",
};
const SIZE_GOAL_BYTES = 4096;
const SPEEDUP_GOAL = 2;

const ms = (samples: Sample[]) => samples.map((s) => s.ms);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 20);
  const emulator = await MailcowEmulator.start();
  try {
    const { samples, providerText } = await compareVariants(emulator, runs);
    const speedup = (op: Operation) => median(ms(samples.old[op])) / median(ms(samples.new[op]));
    const rows = OPERATIONS.map((op) => [
      op,
      VARIANTS.map((v) => countRange(samples[v][op].map((s) => s.requests))).join(" / "),
      REQUEST_GOALS[op],
      ...VARIANTS.map((v) => median(ms(samples[v][op])).toFixed(1)),
      ...VARIANTS.map((v) => percentile(ms(samples[v][op]), 90).toFixed(1)),
      `${speedup(op).toFixed(1)}x`,
    ]);
    console.log(`Node ${process.version}, ${runs} runs of each provider through the dynamic-provider host`);
    console.log("old = v1 (by value, from tests/fixtures/mailcow-provider-v1.json), new = this tree's shell");
    console.log();
    console.log(
      markdownTable(
        [
          "operation",
          "HTTP requests old / new",
          "goal",
          "median ms old",
          "median ms new",
          "p90 old",
          "p90 new",
          "speedup",
        ],
        rows,
      ),
    );
    console.log();
    const size = Object.fromEntries(VARIANTS.map((v) => [v, Buffer.byteLength(providerText[v], "utf8")])) as Record<
      (typeof VARIANTS)[number],
      number
    >;
    for (const v of VARIANTS) {
      console.log(
        `Serialized provider ${v} (__provider, sent with every request and stored in state): ${kb(size[v])} ` +
          `(${kb(gzipSync(providerText[v]).length)} gzipped)`,
      );
    }
    const met = (ok: boolean) => (ok ? "met" : "NOT MET");
    console.log();
    console.log(`Goal: serialized provider <= ${kb(SIZE_GOAL_BYTES)}: ${met(size.new <= SIZE_GOAL_BYTES)}`);
    const fast = (["check", "diff"] as const).map((op) => `${op} ${speedup(op).toFixed(1)}x`).join(", ");
    const fastEnough = speedup("check") >= SPEEDUP_GOAL && speedup("diff") >= SPEEDUP_GOAL;
    console.log(`Goal: check and diff >= ${SPEEDUP_GOAL}x faster than v1: ${met(fastEnough)} (${fast})`);
  } finally {
    await emulator.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
