// The engine toolchain the suite drives: the manifest scripts/engine/install.sh writes, and the environment it
// exports (the CLI on PATH, the toolchain's own PULUMI_HOME, no downloads, no update check).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "../../..");

export interface ToolchainPiece {
  name: string;
  kind: "built" | "found" | "cached" | "stand-in" | "downloaded";
  source: string;
  seconds: number;
  path: string;
}

export interface Toolchain {
  cache: string;
  bin: string;
  pulumiHome: string;
  offline: boolean;
  pieces: ToolchainPiece[];
  /** The variables env.sh exports, to lay over process.env for every CLI run. */
  env: Record<string, string>;
}

/** Reads `export NAME="value"` lines, expanding $PATH as the shell would. */
function parseEnvFile(text: string, base: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of text.matchAll(/^export (\w+)="?(.*?)"?$/gm)) {
    env[match[1]] = match[2].replace(/\\?\$PATH/g, base.PATH ?? "");
  }
  return env;
}

let cached: Toolchain | undefined;

/** The installed toolchain; fails with what to run when there is none. */
export function toolchain(): Toolchain {
  if (cached) return cached;
  let envText: string;
  try {
    envText = execFileSync("bash", [path.join(REPO_ROOT, "scripts/engine/install.sh"), "--print-env"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    throw new Error(
      `no engine toolchain for this checkout: run scripts/engine/install.sh --offline first (${(error as Error).message.trim()})`,
      { cause: error },
    );
  }
  const env = parseEnvFile(envText, process.env);
  const manifest = JSON.parse(fs.readFileSync(env.MAILCOW_SSO_ENGINE_TOOLCHAIN, "utf8")) as Omit<Toolchain, "env">;
  cached = { ...manifest, env };
  return cached;
}

/** A plugin file or binary that says it is a stand-in in its first bytes (the stand-ins' wrapper scripts do). */
function marksItselfStandIn(file: string): boolean {
  try {
    const candidates = fs.statSync(file).isDirectory()
      ? fs.readdirSync(file).map((name) => path.join(file, name))
      : [file];
    return candidates.some((candidate) => {
      if (!fs.statSync(candidate).isFile()) return false;
      const head = Buffer.alloc(256);
      const fd = fs.openSync(candidate, "r");
      try {
        fs.readSync(fd, head, 0, head.length, 0);
      } finally {
        fs.closeSync(fd);
      }
      return head.toString("latin1").includes("STAND-IN");
    });
  } catch {
    return false;
  }
}

/**
 * The pieces that are stand-ins, for test names and reports. A re-run of install.sh records reused pieces as
 * "cached", so the kind alone loses the fact: the source note and the plugin's own header keep it.
 */
export function standIns(): string[] {
  return toolchain()
    .pieces.filter(
      (piece) => piece.kind === "stand-in" || piece.source.includes("STAND-IN") || marksItselfStandIn(piece.path),
    )
    .map((piece) => piece.name);
}
