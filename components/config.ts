import * as pulumi from "@pulumi/pulumi";
import { CONFIG_KEYS, PROJECT, type AdoptSettings, type Parsed, SECTION_SCHEMAS } from "./config-schema";
import { describeIssue } from "./config-issues";
import { unknownConfigKeys } from "./config-keys";
import { overlay, readProjectDefaults } from "./project-defaults";
import { duplicatesOf, formatPath, httpProblem } from "./rules";

export { CONFIG_KEYS, PROJECT, RESERVED_SLUGS, type AdoptSettings } from "./config-schema";

export type RawConfig = Partial<Record<(typeof CONFIG_KEYS)[number], unknown>>;

export interface AccessBinding {
  kind: "group" | "user" | "policy";
  /** Group name, username or policy UUID: the logical name of the binding derives from it, never its position. */
  ref: string;
  order: number;
}

export interface TemplateMapping {
  group: string;
  claimValue: string;
  template: string;
}

/** Validated settings with plain secrets: the pure result of parsing. `loadSettings` turns secrets into Outputs. */
export interface PlainSettings {
  authentik: { url: string; token: string; insecure: boolean; allowHttp: boolean };
  mailcow: Omit<Parsed["mailcow"], "apiKey" | "url"> & { url: string; apiKey: string };
  application: Omit<Parsed["application"], "launchUrl"> & { launchUrl: string };
  oauth2: Parsed["oauth2"];
  access: { public: boolean; bindings: AccessBinding[] };
  provisioning: { loginProvisioning: boolean; defaultTemplate?: string; templateMappings: TemplateMapping[] };
  adopt: AdoptSettings;
}

/** What the components receive: the same settings, with every secret as a secret Output. */
export type Settings = Omit<PlainSettings, "authentik" | "mailcow" | "oauth2"> & {
  authentik: Omit<PlainSettings["authentik"], "token"> & { token: pulumi.Output<string> };
  mailcow: Omit<PlainSettings["mailcow"], "apiKey"> & { apiKey: pulumi.Output<string> };
  oauth2: Omit<PlainSettings["oauth2"], "clientSecret"> & { clientSecret?: pulumi.Output<string> };
};

/** Where the settings of `stack` live, for messages; without a stack name, the pattern. */
export function stackFile(stack?: string): string {
  return `Pulumi.${stack ?? "<stack>"}.yaml`;
}

/**
 * One error for the whole config, listing every problem with its key and a hint. A RunError, so Pulumi prints the
 * message alone instead of a stack trace.
 */
export class ConfigError extends pulumi.RunError {
  constructor(
    readonly problems: string[],
    stack?: string,
  ) {
    super(
      `Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${p}`).join("\n") +
        `\nNothing was created. Fix the keys above in ${stackFile(stack)} (or with \`pulumi config set --path\`) and run again.`,
    );
    this.name = "ConfigError";
  }
}

/** `mailcow-sso:mailcow.url` style key for a zod issue path. */
export function configKey(path: readonly PropertyKey[]): string {
  return path.length === 0 ? PROJECT : `${PROJECT}:${formatPath(path)}`;
}

/** A secret from config, else from the environment; blank text counts as unset, so the environment is used. */
function secretFrom(configured: string | undefined, envName: string, env: NodeJS.ProcessEnv): string | undefined {
  const value = configured !== undefined && configured.trim() !== "" ? configured : env[envName];
  return value && value.trim() !== "" ? value : undefined;
}

function accessBindings(access: Parsed["access"]): AccessBinding[] {
  const entries = (kind: AccessBinding["kind"], field: string, list: unknown[]): AccessBinding[] =>
    list.map((entry, index) =>
      typeof entry === "string"
        ? { kind, ref: entry, order: index * 10 }
        : {
            kind,
            ref: (entry as Record<string, string>)[field],
            order: (entry as { order?: number }).order ?? index * 10,
          },
    );
  return [
    ...entries("group", "name", access.groups),
    ...entries("user", "username", access.users),
    ...entries("policy", "id", access.policies),
  ];
}

/** How authentik tells two references apart: names exactly (as its `name=` filter does), UUIDs in any case. */
const comparable = (binding: { kind: AccessBinding["kind"]; ref: string }) =>
  binding.kind === "policy" ? binding.ref.toLowerCase() : binding.ref;

function accessProblems(access: Parsed["access"], bindings: AccessBinding[]): string[] {
  const problems: string[] = [];
  for (const kind of ["group", "user", "policy"] as const) {
    const field = { group: "groups", user: "users", policy: "policies" }[kind];
    for (const dup of duplicatesOf(bindings.filter((b) => b.kind === kind).map(comparable))) {
      problems.push(`${configKey(["access", field])}: "${dup}" is listed twice; list each ${kind} once`);
    }
  }
  if (access.public && bindings.length > 0) {
    problems.push(
      `${configKey(["access", "public"])}: is true, but the application also has groups, users or policies, and ` +
        "authentik then lets only those in; remove access.public, or remove the bindings to open it to everyone",
    );
  }
  if (bindings.length === 0 && !access.public) {
    problems.push(
      `${configKey(["access"])}: no groups, users or policies may use the application, which makes it open to every authentik user; add access.groups or set access.public: true`,
    );
  }
  return problems;
}

export interface ParseOptions {
  /** The stack name, so that messages name its file. */
  stack?: string;
}

/**
 * Validates raw stack config and resolves secrets from config or the environment.
 * Throws one ConfigError that lists every problem; never touches Pulumi resources.
 */
export function parseSettings(
  raw: RawConfig,
  env: NodeJS.ProcessEnv = process.env,
  options: ParseOptions = {},
): PlainSettings {
  const problems: string[] = [];
  const section = <K extends keyof Parsed>(key: K): Parsed[K] | undefined => {
    const result = SECTION_SCHEMAS[key].safeParse(raw[key], { reportInput: true });
    if (result.success) return result.data as Parsed[K];
    for (const issue of result.error.issues) {
      const path = [key, ...issue.path];
      problems.push(`${configKey(path)}: ${describeIssue(issue, formatPath(path))}`);
    }
    return undefined;
  };
  const authentik = section("authentik");
  const mailcow = section("mailcow");
  const application = section("application");
  const oauth2 = section("oauth2");
  const access = section("access");
  const provisioning = section("provisioning");
  const adopt = section("adopt");

  let token: string | undefined;
  if (authentik) {
    token = secretFrom(authentik.token, "AUTHENTIK_TOKEN", env);
    if (!token) {
      problems.push(
        `${configKey(["authentik", "token"])}: no authentik API token; run \`pulumi config set --secret --path authentik.token <token>\` or export AUTHENTIK_TOKEN`,
      );
    }
  }

  let apiKey: string | undefined;
  if (mailcow) {
    apiKey = secretFrom(mailcow.apiKey, "MAILCOW_API_KEY", env);
    if (!apiKey) {
      problems.push(
        `${configKey(["mailcow", "apiKey"])}: no mailcow API key; run \`pulumi config set --secret --path mailcow.apiKey <key>\` or export MAILCOW_API_KEY`,
      );
    }
  }

  // The one http rule that spans sections: the launch URL is a mailcow page.
  const launchProblem = mailcow?.allowHttp ? undefined : httpProblem(application?.launchUrl, "mailcow.allowHttp");
  if (launchProblem !== undefined) problems.push(`${configKey(["application", "launchUrl"])}: ${launchProblem}`);

  const bindings = access ? accessBindings(access) : [];
  if (access) problems.push(...accessProblems(access, bindings));

  if (adopt) {
    for (const binding of adopt.bindings) {
      if (!bindings.some((b) => b.kind === binding.kind && comparable(b) === comparable(binding))) {
        problems.push(
          `${configKey(["adopt", "bindings"])}: ${binding.kind} "${binding.ref}" is not in the access settings; run npm run adopt again or remove the entry`,
        );
      }
    }
  }

  if (problems.length > 0 || !authentik || !mailcow || !application || !oauth2 || !access || !provisioning || !adopt) {
    throw new ConfigError(problems, options.stack);
  }
  return {
    authentik: { url: authentik.url, token: token!, insecure: authentik.insecure, allowHttp: authentik.allowHttp },
    mailcow: { ...mailcow, apiKey: apiKey! },
    application: { ...application, launchUrl: application.launchUrl ?? mailcow.url },
    oauth2,
    access: { public: access.public, bindings },
    provisioning: {
      loginProvisioning: provisioning.loginProvisioning,
      defaultTemplate: provisioning.defaultTemplate,
      templateMappings: provisioning.templateMappings,
    },
    adopt,
  };
}

export interface ReadOptions {
  /** Every config key the stack has, namespace included (default: what the engine passed the program). */
  allKeys?: readonly string[];
  /** The project-level values of Pulumi.yaml, by key without namespace. */
  projectDefaults?: Record<string, unknown>;
  stack?: string;
}

/**
 * Reads every structured key of the stack config as plain JSON (secret parts included, wrapped right after), laid
 * field by field over the project defaults of Pulumi.yaml. A key of this project that is no setting is an error.
 */
export function readRawConfig(
  config: pulumi.Config = new pulumi.Config(PROJECT),
  options: ReadOptions = {},
): RawConfig {
  const projectDefaults = options.projectDefaults ?? readProjectDefaults();
  const allKeys = options.allKeys ?? Object.keys(pulumi.runtime.allConfig());
  const raw: RawConfig = {};
  const problems = unknownConfigKeys([...allKeys, ...Object.keys(projectDefaults).map((key) => `${PROJECT}:${key}`)]);
  for (const key of CONFIG_KEYS) {
    try {
      raw[key] = overlay(projectDefaults[key], config.getObject<unknown>(key));
    } catch {
      problems.push(
        `${configKey([key])}: is not a structured value; set its fields with \`pulumi config set --path ${key}.<field> <value>\``,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems, options.stack);
  return raw;
}

/** The one config boundary: read, validate, and wrap the secrets as secret Outputs. */
export function loadSettings(config?: pulumi.Config, env: NodeJS.ProcessEnv = process.env): Settings {
  const stack = pulumi.getStack();
  const plain = parseSettings(readRawConfig(config, { stack }), env, { stack });
  return {
    ...plain,
    authentik: { ...plain.authentik, token: pulumi.secret(plain.authentik.token) },
    mailcow: { ...plain.mailcow, apiKey: pulumi.secret(plain.mailcow.apiKey) },
    oauth2: {
      ...plain.oauth2,
      clientSecret: plain.oauth2.clientSecret === undefined ? undefined : pulumi.secret(plain.oauth2.clientSecret),
    },
  };
}
