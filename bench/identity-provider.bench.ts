// Benchmark: each dynamic-provider operation of the mailcow identity provider, driven through Pulumi's real
// dynamic-provider host over gRPC against the local mailcow API emulator. Prints HTTP requests per operation and
// latency (median, p90) over BENCH_RUNS runs, plus the serialized provider size.
// Run: npx ts-node bench/identity-provider.bench.ts   (BENCH_RUNS=50 to change the number of runs)
import { gzipSync } from "node:zlib";
import { identityProviderProvider } from "../components/mailcow/provider";
import { DynamicProviderHost, type Props } from "../tests/support/provider-host";
import { MailcowEmulator } from "../tests/support/mailcow-emulator";
import { countRange, markdownTable, median, percentile } from "./stats";

const OPERATIONS = ["check", "diff", "create", "read", "update", "delete"] as const;
type Operation = (typeof OPERATIONS)[number];
const GOALS: Record<Operation, string> = {
  check: "0",
  diff: "0",
  create: "<= 3",
  read: "1",
  update: "<= 2",
  delete: "<= 2",
};

function desiredInputs(mailcowUrl: string, clientId: string): Props {
  const idp = "https://auth.example.test/application/o";
  return {
    mailcowUrl,
    authorizeUrl: `${idp}/authorize/`,
    tokenUrl: `${idp}/token/`,
    userinfoUrl: `${idp}/userinfo/`,
    clientId,
    clientSecret: "bench-client-secret-0123456789",
    redirectUrl: "https://mail.example.test",
    redirectUrlExtra: ["https://webmail.example.test"],
    loginProvisioning: true,
    defaultTemplate: "Default",
    templateMappings: [{ claimValue: "staff", template: "Staff" }],
    allowHttp: true,
  };
}

async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 20);
  const emulator = await MailcowEmulator.start();
  const host = await DynamicProviderHost.start({ project: "mailcow-sso", provider: identityProviderProvider });
  const latencies = Object.fromEntries(OPERATIONS.map((op) => [op, [] as number[]])) as Record<Operation, number[]>;
  const requests = Object.fromEntries(OPERATIONS.map((op) => [op, [] as number[]])) as Record<Operation, number[]>;

  // Times one operation and counts the HTTP requests it sent to the emulator.
  async function measure<T>(op: Operation, record: boolean, fn: () => Promise<T>): Promise<T> {
    const before = emulator.requests.length;
    const start = performance.now();
    const result = await fn();
    const elapsed = performance.now() - start;
    if (record) {
      latencies[op].push(elapsed);
      requests[op].push(emulator.requests.length - before);
    }
    return result;
  }

  try {
    await host.configure({
      mailcow: JSON.stringify({ url: emulator.url, apiKey: emulator.rwKey, requestTimeoutSeconds: 5, maxRetries: 0 }),
    });
    // Run 0 is a warm-up: it pays for deserializing and configuring the provider in the host.
    for (let run = 0; run <= runs; run++) {
      const record = run > 0;
      const checked = await measure("check", record, () => host.check({}, desiredInputs(emulator.url, "mailcow")));
      assertNoFailures(checked.failures);
      const { id, outs } = await measure("create", record, () => host.create(checked.inputs));
      const diff = await measure("diff", record, () => host.diff(id, outs, checked.inputs));
      if (diff.changes !== "none") throw new Error(`expected a no-op diff, got ${diff.changes}`);
      const read = await measure("read", record, () => host.read(id, outs, checked.inputs));
      const changed = await host.check(checked.inputs, desiredInputs(emulator.url, `mailcow-${run}`));
      const updated = await measure("update", record, () => host.update(id, read.props, changed.inputs));
      await measure("delete", record, () => host.delete(id, updated.outs));
    }
    const rows = OPERATIONS.map((op) => [
      op,
      countRange(requests[op]),
      GOALS[op],
      median(latencies[op]).toFixed(1),
      percentile(latencies[op], 90).toFixed(1),
    ]);
    const sizeKb = (Buffer.byteLength(host.providerText, "utf8") / 1024).toFixed(1);
    const gzipKb = (gzipSync(host.providerText).length / 1024).toFixed(1);
    console.log(`Node ${process.version}, ${runs} runs through the dynamic-provider host against the emulator`);
    console.log();
    console.log(markdownTable(["operation", "HTTP requests", "goal", "median ms", "p90 ms"], rows));
    console.log();
    console.log(`Serialized provider (__provider, sent with every request): ${sizeKb} KB (${gzipKb} KB gzipped)`);
  } finally {
    await host.stop();
    await emulator.stop();
  }
}

function assertNoFailures(failures: { property: string; reason: string }[]): void {
  if (failures.length > 0) throw new Error(`check failed: ${JSON.stringify(failures)}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
