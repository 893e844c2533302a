import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { MailcowEmulator } from "./support/mailcow-emulator";
import { IDP_TYPE, type ProgramRun, runProgram, TEST_SECRETS } from "./support/program";

const ROOT = path.join(__dirname, "..");
const stackFile = (stack: string) =>
  parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")).config as Record<
    string,
    Record<string, unknown> & { url?: string; slug?: string; launchUrl?: string; templateMappings?: unknown[] }
  >;
const find = (run: ProgramRun, type: string) => {
  const found = run.resources.filter((r) => r.type === type);
  expect(found).toHaveLength(1);
  return found[0];
};
const OAUTH2 = "authentik:index/providerOauth2:ProviderOauth2";
const COMMAND = "command:local:Command";

describe.each(["dev", "prod"])("stack %s, whole program against the mailcow emulator", (stack) => {
  let emulator: MailcowEmulator;
  let run: ProgramRun;
  const config = stackFile(stack);
  const authentikHost = new URL(String(config["mailcow-sso:authentik"].url)).host;
  const mailcowUrl = config["mailcow-sso:mailcow"].url as string;

  beforeAll(async () => {
    emulator = await MailcowEmulator.start();
    run = await runProgram({ stack, emulator });
  });
  afterAll(() => emulator.stop());

  test("declares both halves inside one MailcowSso component, plus the connection test", () => {
    const types = new Set(run.resources.map((r) => r.type));
    for (const t of [
      "mailcow-sso:index:MailcowSso",
      "mailcow-sso:authentik:OidcApplication",
      "pulumi:providers:authentik",
      OAUTH2,
      "authentik:index/application:Application",
      "authentik:index/policyBinding:PolicyBinding",
      IDP_TYPE,
      COMMAND,
    ]) {
      expect(types).toContain(t);
    }
  });

  test("mailcow stores exactly the client ID and secret authentik was given", () => {
    const oauth2 = find(run, OAUTH2).inputs;
    const stored = emulator.storedSettings();
    expect(stored.authsource).toBe("generic-oidc");
    expect(stored.client_id).toBe(oauth2.clientId);
    expect(stored.client_secret).toBe(oauth2.clientSecret);
    expect(String(stored.client_secret)).toHaveLength(96);
  });

  test("mailcow's endpoints are on the authentik host, never the mailcow host", () => {
    const stored = emulator.storedSettings();
    for (const key of ["authorize_url", "token_url", "userinfo_url"]) {
      const host = new URL(String(stored[key])).host;
      expect(host).toBe(authentikHost);
      expect(host).not.toBe(new URL(mailcowUrl).host);
    }
    expect(stored.token_url).toBe(`https://${authentikHost}/application/o/token/`);
  });

  test("the redirect URL is the same on both sides", () => {
    const redirects = find(run, OAUTH2).inputs.allowedRedirectUris as Record<string, string>[];
    expect(redirects[0]).toEqual({ matching_mode: "strict", url: mailcowUrl, redirect_uri_type: "authorization" });
    expect(emulator.storedSettings().redirect_url).toBe(mailcowUrl);
  });

  test("template mappings agree on both sides", () => {
    const mappings = (config["mailcow-sso:provisioning"]?.templateMappings ?? []) as Record<string, string>[];
    const stored = emulator.storedSettings();
    const mappers = stored.mappers === undefined ? [] : JSON.parse(String(stored.mappers));
    const templates = stored.templates === undefined ? [] : JSON.parse(String(stored.templates));
    expect(mappers).toEqual(mappings.map((m) => m.claimValue ?? m.group));
    expect(templates).toEqual(mappings.map((m) => m.template));
    const expression = String(
      run.resources.find((r) => r.type.endsWith("PropertyMappingProviderScope"))?.inputs.expression,
    );
    for (const m of mappings)
      expect(expression).toContain(`(${JSON.stringify(m.group)}, ${JSON.stringify(m.claimValue ?? m.group)})`);
  });

  test("stack outputs: issuer, discovery, launch URL, client ID, secret (secret only), mailcow summary", () => {
    const o = run.outputs;
    const slug = config["mailcow-sso:application"]?.slug ?? "mailcow";
    expect(o.issuerUrl).toBe(`https://${authentikHost}/application/o/${slug}/`);
    expect(o.discoveryUrl).toBe(`https://${authentikHost}/application/o/${slug}/.well-known/openid-configuration`);
    expect(o.launchUrl).toBe(config["mailcow-sso:application"]?.launchUrl ?? mailcowUrl);
    expect(o.clientId).toBe(find(run, OAUTH2).inputs.clientId);
    // Where to look and whether it works: authentik's endpoints, the admin page, the connection test's verdict.
    expect(o).toMatchObject({
      authorizeUrl: `https://${authentikHost}/application/o/authorize/`,
      tokenUrl: `https://${authentikHost}/application/o/token/`,
      userinfoUrl: `https://${authentikHost}/application/o/userinfo/`,
      endSessionUrl: `https://${authentikHost}/application/o/${slug}/end-session/`,
      authentikAdminUrl: `https://${authentikHost}/if/admin/#/core/applications/${slug}`,
      connectionTest: "mailcow-sso connection test: passed (9 checks)",
    });
    expect(run.secretOutputs).toEqual(["clientSecret"]);
    expect(o.mailcowIdentityProvider).toMatchObject({
      authsource: "generic-oidc",
      clientId: o.clientId,
      redirectUrl: mailcowUrl,
    });
    const everythingPlain = JSON.stringify(Object.fromEntries(Object.entries(o).filter(([k]) => k !== "clientSecret")));
    expect(everythingPlain).not.toContain(String(o.clientSecret));
    expect(everythingPlain).not.toContain(emulator.rwKey);
  });

  test("the connection test runs on up with its secrets in the environment, never on the command line", () => {
    const command = find(run, COMMAND);
    expect(command.inputs.create).toBe("npm run --silent connection-test");
    expect(command.secretInputs).toContain("environment");
    const env = command.inputs.environment as Record<string, string>;
    expect(env.MAILCOW_API_KEY).toBe(TEST_SECRETS.mailcowApiKey);
    expect(env.OIDC_CLIENT_ID).toBe(run.outputs.clientId);
    expect(JSON.stringify(command.inputs.create)).not.toContain(TEST_SECRETS.mailcowApiKey);
  });
});

test("layering: a stack sets some fields, Pulumi.yaml's project values and the schema's defaults fill the rest", async () => {
  const emulator = await MailcowEmulator.start();
  try {
    const run = await runProgram({ stack: "dev", emulator });
    const oauth2 = find(run, OAUTH2).inputs;
    expect(oauth2.refreshTokenValidity).toBe("days=30"); // the schema's default
    expect(oauth2.authorizationFlow).toBe("flow-default-provider-authorization-implicit-consent");
    // Pulumi.dev.yaml sets provisioning.templateMappings; Pulumi.yaml the other two provisioning fields.
    expect(stackFile("dev")["mailcow-sso:provisioning"]).not.toHaveProperty("loginProvisioning");
    expect(emulator.storedSettings()).toMatchObject({ login_provisioning: "1", default_template: "Default" });
    expect(JSON.parse(String(emulator.storedSettings().mappers))).toEqual(["admins", "default"]);
  } finally {
    await emulator.stop();
  }
});

test("a stack field overrides the same field of the schema's default", async () => {
  const emulator = await MailcowEmulator.start();
  try {
    const run = await runProgram({ stack: "prod", emulator });
    expect(find(run, OAUTH2).inputs.accessTokenValidity).toBe("minutes=5"); // Pulumi.prod.yaml
    expect(find(run, IDP_TYPE).state.onDelete).toBe("retain");
  } finally {
    await emulator.stop();
  }
});

test("an invalid stack config declares nothing and names the key", async () => {
  const emulator = await MailcowEmulator.start();
  const record: ProgramRun = { resources: [], outputs: {}, secretOutputs: [], providerCalls: [] };
  try {
    await expect(
      runProgram({ stack: "dev", emulator, record, overrides: { application: { slug: "token" } } }),
    ).rejects.toThrow(/mailcow-sso:application\.slug: is reserved by authentik[\s\S]*in Pulumi\.dev\.yaml/);
    expect(record.resources).toEqual([]);
    expect(emulator.requests).toEqual([]);
  } finally {
    await emulator.stop();
  }
});

test("connection test can be switched off per stack", async () => {
  const emulator = await MailcowEmulator.start();
  try {
    const run = await runProgram({ stack: "dev", emulator, overrides: { mailcow: { connectionTest: false } } });
    expect(run.resources.filter((r) => r.type === COMMAND)).toEqual([]);
    expect(run.outputs.connectionTest).toBe("not run: mailcow.connectionTest is false");
    expect(run.resources.filter((r) => r.type === IDP_TYPE)).toHaveLength(1);
  } finally {
    await emulator.stop();
  }
});

test("preview with an unknown client secret evaluates without hanging and without any network call", async () => {
  const emulator = await MailcowEmulator.start();
  try {
    const run = await runProgram({ stack: "dev", emulator, preview: true });
    expect(run.resources.some((r) => r.type === IDP_TYPE)).toBe(true);
    expect(run.providerCalls.map((c) => c.method)).toEqual(["check"]);
    expect(run.providerCalls[0].inputs.clientSecret).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
    expect(emulator.requests).toEqual([]);
  } finally {
    await emulator.stop();
  }
});

test("rotating the secret changes the secret on both sides and nothing else", async () => {
  const emulator = await MailcowEmulator.start();
  try {
    const first = await runProgram({ stack: "dev", emulator });
    const storedBefore = emulator.storedSettings();
    const second = await runProgram({
      stack: "dev",
      emulator,
      previous: first,
      overrides: { oauth2: { clientSecretRotation: "2" } },
    });
    const storedAfter = emulator.storedSettings();

    expect(second.providerCalls.map((c) => c.method)).toEqual(["update"]);
    expect(storedAfter.client_secret).not.toBe(storedBefore.client_secret);
    expect(storedAfter.client_secret).toBe(find(second, OAUTH2).inputs.clientSecret);
    const { client_secret: _a, access_token: _b, ...restAfter } = storedAfter;
    const { client_secret: _c, access_token: _d, ...restBefore } = storedBefore;
    expect(restAfter).toEqual(restBefore);

    // Every resource keeps its inputs, except the generator's keeper and the secret it feeds.
    const expectedChanges: Record<string, string[]> = {
      "random:index/randomPassword:RandomPassword": ["keepers"],
      [OAUTH2]: ["clientSecret"],
      [IDP_TYPE]: ["clientSecret"],
      [COMMAND]: ["environment"], // MAILCOW_SSO_REVISION re-runs the connection test
    };
    for (const after of second.resources) {
      const before = first.resources.find((r) => r.type === after.type && r.name === after.name);
      expect(before).toBeDefined();
      const keys = new Set([...Object.keys(before!.inputs), ...Object.keys(after.inputs)]);
      const changed = [...keys].filter(
        (k) => k !== "__provider" && JSON.stringify(before!.inputs[k]) !== JSON.stringify(after.inputs[k]),
      );
      expect({ resource: after.name, changed }).toEqual({
        resource: after.name,
        changed: expectedChanges[after.type] ?? [],
      });
    }
    const env = (r: ProgramRun) => find(r, COMMAND).inputs.environment as Record<string, string>;
    const { MAILCOW_SSO_REVISION: revBefore, ...envBefore } = env(first);
    const { MAILCOW_SSO_REVISION: revAfter, ...envAfter } = env(second);
    expect(envAfter).toEqual(envBefore);
    expect(revAfter).not.toBe(revBefore);
  } finally {
    await emulator.stop();
  }
});
