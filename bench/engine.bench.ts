// Benchmark: the shipped dev stack under the real Pulumi CLI (scripts/engine/install.sh) against the authentik and
// mailcow emulators over https (only the stack's two URLs overlaid, as in tests/engine/shipped-stacks.test.ts).
// After one `up`, each command runs BENCH_RUNS times (default 5): the median wall time, and the requests each
// emulator received per run (reads = GET, writes = anything else). Exits 1 when a goal is missed.
// Run: npm run bench:engine
import { initOverlaidStack, type Lab, startLab } from "../tests/engine/support/lab";
import { EngineProject } from "../tests/engine/support/project";
import { standIns } from "../tests/engine/support/toolchain";
import { countRange, markdownTable, median } from "./stats";

interface Counts {
  authentikReads: number;
  authentikWrites: number;
  mailcowReads: number;
  mailcowWrites: number;
}

interface Command {
  args: string[];
  goal: string;
  meets: (counts: Counts) => boolean;
}

const COMMANDS: Command[] = [
  { args: ["preview"], goal: "0 mailcow requests", meets: (c) => c.mailcowReads + c.mailcowWrites === 0 },
  {
    args: ["up", "--yes", "--skip-preview"],
    goal: "0 writes anywhere",
    meets: (c) => c.authentikWrites + c.mailcowWrites === 0,
  },
  {
    args: ["refresh", "--yes", "--skip-preview"],
    goal: "exactly 1 mailcow read",
    meets: (c) => c.mailcowReads === 1 && c.mailcowWrites === 0,
  },
  // For comparison: without --skip-preview, refresh previews first and so reads everything twice.
  { args: ["refresh", "--yes"], goal: "-", meets: () => true },
];

function counts(lab: Lab): Counts {
  const reads = (requests: { method: string }[]) => requests.filter((r) => r.method === "GET").length;
  return {
    authentikReads: reads(lab.authentik.requests),
    authentikWrites: lab.authentik.requests.length - reads(lab.authentik.requests),
    mailcowReads: reads(lab.mailcow.requests),
    mailcowWrites: lab.mailcow.requests.length - reads(lab.mailcow.requests),
  };
}

async function main(): Promise<number> {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const lab = await startLab({ https: true });
  const project = EngineProject.fromRepo("mailcow-sso-bench-");
  try {
    await initOverlaidStack(project, lab, "dev");
    await project.expectPulumi(["up", "--yes", "--skip-preview"]);
    const rows: string[][] = [];
    let missed = 0;
    for (const command of COMMANDS) {
      const seconds: number[] = [];
      const perRun: Counts[] = [];
      for (let i = 0; i < runs; i++) {
        lab.clearLogs();
        const started = process.hrtime.bigint();
        await project.expectPulumi(command.args);
        seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
        perRun.push(counts(lab));
      }
      const met = perRun.every(command.meets);
      if (!met) missed += 1;
      const column = (key: keyof Counts) => countRange(perRun.map((c) => c[key]));
      rows.push([
        `pulumi ${command.args.join(" ")}`,
        median(seconds).toFixed(1),
        `${Math.min(...seconds).toFixed(1)}-${Math.max(...seconds).toFixed(1)}`,
        `${column("authentikReads")} / ${column("authentikWrites")}`,
        `${column("mailcowReads")} / ${column("mailcowWrites")}`,
        command.goal === "-" ? "-" : `${command.goal}: ${met ? "met" : "MISSED"}`,
      ]);
    }
    const header = [
      "command (dev stack)",
      "median s",
      "min-max s",
      "authentik reads / writes",
      "mailcow reads / writes",
      "goal",
    ];
    console.log(markdownTable(header, rows));
    console.log(`\n${runs} runs each, after one up; stand-ins in the toolchain: ${standIns().join(", ") || "none"}.`);
    return missed === 0 ? 0 : 1;
  } finally {
    project.remove();
    await lab.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
