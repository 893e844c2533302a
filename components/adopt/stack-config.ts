// The stack's settings as the program would see them, read through the user's own Pulumi CLI, and the writes that
// adoption makes to them: `pulumi config` commands, so the stack file keeps its encryption and formatting.
import { execFile } from "node:child_process";
import { CONFIG_KEYS, ConfigError, PROJECT, type RawConfig } from "../config";
import { unknownConfigKeys } from "../config-keys";
import { overlay, readProjectDefaults } from "../project-defaults";
import type { AdoptionPlan } from "./plan";

export interface CliOptions {
  stack: string;
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

function pulumi(args: string[], options: CliOptions, stdin?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "pulumi",
      [...args, "--stack", options.stack, "--non-interactive"],
      { cwd: options.cwd, env: options.env ?? process.env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
          reject(
            new Error(
              missing
                ? "the Pulumi CLI is not on PATH"
                : `pulumi ${args.slice(0, 2).join(" ")}: ${stderr.trim() || error.message}`,
            ),
          );
        } else resolve(stdout);
      },
    );
    child.stdin?.end(stdin ?? "");
  });
}

interface CliValue {
  value?: string;
  objectValue?: unknown;
}

/**
 * The structured keys of `pulumi config --json --show-secrets`, overlaid on Pulumi.yaml's defaults like the program;
 * a key of this project that is no setting is the same error the program gives.
 */
export function rawFromCliConfig(
  json: Record<string, CliValue>,
  defaults: Record<string, unknown> = readProjectDefaults(),
  stack?: string,
): RawConfig {
  const unknown = unknownConfigKeys(Object.keys(json));
  if (unknown.length > 0) throw new ConfigError(unknown, stack);
  const raw: RawConfig = {};
  for (const key of CONFIG_KEYS) {
    const entry = json[`${PROJECT}:${key}`];
    const value = entry === undefined ? undefined : (entry.objectValue ?? entry.value);
    raw[key] = overlay(defaults[key], value);
  }
  return raw;
}

export async function readStackConfig(options: CliOptions): Promise<RawConfig> {
  const out = await pulumi(["config", "--json", "--show-secrets"], options);
  return rawFromCliConfig(JSON.parse(out) as Record<string, CliValue>, readProjectDefaults(), options.stack);
}

/** The plaintext `--path key=value` pairs adoption writes (the secret goes separately, through stdin). */
export function adoptionSettings(plan: AdoptionPlan): string[] {
  const pairs: string[] = [];
  const { imports } = plan;
  if (plan.clientId !== undefined) pairs.push(`oauth2.clientId=${plan.clientId}`);
  if (imports.oauth2Provider) pairs.push(`adopt.oauth2Provider=${imports.oauth2Provider}`);
  if (imports.application) pairs.push(`adopt.application=${imports.application}`);
  if (imports.templateScope) pairs.push(`adopt.templateScope=${imports.templateScope}`);
  imports.bindings.forEach((b, i) =>
    pairs.push(
      `adopt.bindings[${i}].kind=${b.kind}`,
      `adopt.bindings[${i}].ref=${b.ref}`,
      `adopt.bindings[${i}].id=${b.id}`,
    ),
  );
  imports.removeBindings.forEach((id, i) => pairs.push(`adopt.removeBindings[${i}]=${id}`));
  if (plan.adoptMailcow) pairs.push("mailcow.adoptExisting=true");
  return pairs;
}

/** Writes the adoption into the stack's settings: replaces any earlier `adopt` section, pins the ID and secret. */
export async function writeAdoption(plan: AdoptionPlan, options: CliOptions): Promise<void> {
  await pulumi(["config", "rm", "--path", "adopt"], options).catch(() => undefined);
  const pairs = adoptionSettings(plan);
  if (pairs.length > 0)
    await pulumi(["config", "set-all", "--path", ...pairs.flatMap((pair) => ["--plaintext", pair])], options);
  if (plan.clientSecret !== undefined) {
    // Through stdin: a secret on a command line is visible to every local user (ps).
    await pulumi(["config", "set", "--secret", "--path", "oauth2.clientSecret"], options, plan.clientSecret);
  }
}
