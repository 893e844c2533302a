// The lab the engine suite deploys into: the authentik API emulator and the mailcow API emulator (both stand-ins,
// in this jest process, reached by the CLI's plugins over loopback), seeded with the groups and users the stacks
// name, and the stack files a user would write for it (http with allowHttp on both sides, secrets through the CLI).
import fs from "node:fs";
import path from "node:path";
import { parse, stringify } from "yaml";
import { type AuthentikEmulator, startAuthentikEmulator } from "../../support/authentik-emulator";
import { api } from "../../support/authentik-emulator/test-client";
import { MailcowEmulator } from "../../support/mailcow-emulator";
import type { EngineProject } from "./project";
import { labTls, startTlsFront } from "./tls";

export const GROUPS = ["mail-users", "mail-admins"];
export const USERNAME = "alice";
export const POLICY = "mail staff only";

export interface Lab {
  authentik: AuthentikEmulator;
  mailcow: MailcowEmulator;
  /** Where the program reaches mailcow: the emulator itself, or its TLS front. */
  mailcowUrl: string;
  https: boolean;
  /** The uuid of an expression policy an administrator made (POLICY), for access.policies. */
  policyPk: string;
  /** Environment every CLI run needs to reach the lab (the trust settings when it speaks https). */
  env: Record<string, string>;
  /** Empties both request logs, so that the next command's traffic can be counted on its own. */
  clearLogs(): void;
  stop(): Promise<void>;
}

/** Both emulators on loopback, over http or, with `https`, behind one throwaway certificate. */
export async function startLab(options: { https?: boolean } = {}): Promise<Lab> {
  const trust = options.https ? labTls() : undefined;
  const authentik = await startAuthentikEmulator({ tls: trust && { cert: trust.cert, key: trust.key } });
  const mailcow = await MailcowEmulator.start();
  const front = trust ? await startTlsFront(new URL(mailcow.url), trust) : undefined;
  seedAuthentik(authentik);
  for (const name of GROUPS) {
    // As an administrator creates them: through authentik's API.
    const reply = await api(authentik, "POST", "/core/groups/", { name });
    if (reply.status !== 201) throw new Error(`could not create group ${name}: ${reply.status} ${reply.text}`);
  }
  const policy = await api(authentik, "POST", "/policies/expression/", {
    name: POLICY,
    expression: 'return ak_is_group_member(request.user, name="mail-users")',
  });
  if (policy.status !== 201) throw new Error(`could not create policy ${POLICY}: ${policy.status} ${policy.text}`);
  authentik.requests.length = 0;
  return {
    authentik,
    mailcow,
    policyPk: policy.body.pk,
    mailcowUrl: front?.url ?? mailcow.url,
    https: trust !== undefined,
    env: trust?.env ?? {},
    clearLogs() {
      authentik.requests.length = 0;
      mailcow.resetLog();
    },
    async stop() {
      await Promise.all([authentik.stop(), mailcow.stop(), front?.stop()]);
      trust?.dispose();
    },
  };
}

/** For afterAll: the project's temp dir and the lab go (either may be missing when beforeAll failed). */
export async function removeLab(lab: Lab | undefined, project: EngineProject | undefined): Promise<void> {
  project?.remove();
  await lab?.stop();
}

/** For afterEach: neither emulator met an input it could not handle (it answers those with a 500). */
export function expectNoEmulatorErrors(lab: Lab): void {
  expect(lab.authentik.internalErrors).toEqual([]);
  expect(lab.mailcow.internalErrors).toEqual([]);
}

/** The emulator has no user-create route the program needs; an administrator would add the user in the UI. */
function seedAuthentik(authentik: AuthentikEmulator): void {
  authentik.store.addUser({ username: USERNAME, name: "Alice", email: "alice@example.org" });
}

/** Requests that change something: authentik's non-GET API calls, mailcow's POSTs (edit/delete). */
export function writes(lab: Lab): { authentik: string[]; mailcow: string[] } {
  return {
    authentik: lab.authentik.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`),
    mailcow: lab.mailcow.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`),
  };
}

export type StackConfig = Record<string, Record<string, unknown>>;

/** A lab stack's settings (project namespace added by labStack): the dev stack's shape, on the emulators. */
export function labSettings(lab: Lab, overrides: StackConfig = {}): StackConfig {
  const base: StackConfig = {
    authentik: { url: lab.authentik.url, ...(lab.https ? {} : { allowHttp: true }) },
    mailcow: { url: lab.mailcowUrl, ...(lab.https ? {} : { allowHttp: true }) },
    application: { name: "mailcow (lab)", slug: "mailcow-lab", group: "Mail" },
    access: {
      groups: ["mail-users", { name: "mail-admins", order: 5 }],
      users: [USERNAME],
      policies: [{ id: lab.policyPk, order: 20 }],
    },
    provisioning: {
      loginProvisioning: true,
      defaultTemplate: "Default",
      templateMappings: [
        { group: "mail-admins", claimValue: "admins", template: "Admins" },
        { group: "mail-users", claimValue: "default", template: "Default" },
      ],
    },
  };
  for (const [key, value] of Object.entries(overrides)) base[key] = { ...base[key], ...value };
  return base;
}

/** Lays `config` (keys without namespace) over a stack file's `config:`, keeping everything else (the salt). */
export function writeStackConfig(project: EngineProject, stack: string, config: StackConfig): void {
  const file = `Pulumi.${stack}.yaml`;
  const existing = fs.existsSync(path.join(project.dir, file))
    ? ((parse(project.read(file)) as Record<string, unknown> | null) ?? {})
    : {};
  const merged = { ...((existing.config as Record<string, unknown>) ?? {}) };
  for (const [key, value] of Object.entries(config)) merged[`mailcow-sso:${key}`] = value;
  project.write(file, stringify({ ...existing, config: merged }));
}

/** `pulumi stack init`, the settings, and both secrets set the way the README tells users to. */
export async function initLabStack(
  project: EngineProject,
  lab: Lab,
  stack: string,
  config: StackConfig,
  secrets: { authentikToken?: string; mailcowApiKey?: string } = {},
): Promise<void> {
  Object.assign(project.env, lab.env);
  await project.expectPulumi(["stack", "init", stack]);
  writeStackConfig(project, stack, config);
  await setSecrets(project, stack, {
    authentikToken: secrets.authentikToken ?? lab.authentik.token,
    mailcowApiKey: secrets.mailcowApiKey ?? lab.mailcow.rwKey,
  });
}

export async function setSecrets(
  project: EngineProject,
  stack: string,
  secrets: { authentikToken: string; mailcowApiKey: string },
): Promise<void> {
  const set = ["config", "set", "--stack", stack, "--secret", "--path"];
  await project.expectPulumi([...set, "authentik.token"], 0, { stdin: secrets.authentikToken });
  await project.expectPulumi([...set, "mailcow.apiKey"], 0, { stdin: secrets.mailcowApiKey });
}

/**
 * An edit in mailcow's admin UI (the emulator's control surface, no API request): the stored generic-oidc form,
 * resubmitted with `changes`. Fails when mailcow refuses it.
 */
export function mailcowAdminEdit(lab: Lab, changes: Record<string, unknown>): void {
  const stored = lab.mailcow.storedSettings();
  const list = (key: string): unknown => (stored[key] ? JSON.parse(stored[key]) : []);
  const form = {
    authsource: stored.authsource,
    authorize_url: stored.authorize_url,
    token_url: stored.token_url,
    userinfo_url: stored.userinfo_url,
    client_id: stored.client_id,
    client_secret: stored.client_secret,
    redirect_url: stored.redirect_url,
    redirect_url_extra: list("redirect_url_extra"),
    client_scopes: stored.client_scopes,
    ignore_ssl_error: stored.ignore_ssl_error === "1",
    login_provisioning: stored.login_provisioning === "1",
    default_template: stored.default_template,
    mappers: list("mappers"),
    templates: list("templates"),
  };
  const reply = lab.mailcow.adminEdit({ ...form, ...changes }) as { type?: string }[] | undefined;
  if (!Array.isArray(reply) || reply.some((message) => message.type !== "success")) {
    throw new Error(`mailcow refused the admin edit: ${JSON.stringify(reply)}`);
  }
}

/** The config of a stack file of the project, keys without the project namespace. */
export function stackFileConfig(project: EngineProject, stack: string): StackConfig {
  const file = parse(project.read(`Pulumi.${stack}.yaml`)) as { config?: StackConfig } | null;
  return Object.fromEntries(
    Object.entries(file?.config ?? {}).map(([key, value]) => [key.replace(/^mailcow-sso:/, ""), value]),
  );
}

/**
 * A stack as a user makes one, pointed at the lab: `pulumi stack init`, optionally `config` instead of the stack
 * file's settings, then only the two URLs overlaid with `pulumi config set --path`, and both secrets.
 */
export async function initOverlaidStack(
  project: EngineProject,
  lab: Lab,
  stack: string,
  config?: StackConfig,
): Promise<void> {
  Object.assign(project.env, lab.env);
  await project.expectPulumi(["stack", "init", stack]);
  if (config) writeStackConfig(project, stack, config);
  await project.expectPulumi(["config", "set", "--stack", stack, "--path", "authentik.url", lab.authentik.url]);
  await project.expectPulumi(["config", "set", "--stack", stack, "--path", "mailcow.url", lab.mailcowUrl]);
  await setSecrets(project, stack, { authentikToken: lab.authentik.token, mailcowApiKey: lab.mailcow.rwKey });
}
