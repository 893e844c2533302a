// The authentik component with `mailcow-sso:adopt` settings, under mocks: each adopted object is declared with the
// `import` option of its ID, the pinned secret replaces the generator, and the extra bindings go through one command
// that runs after the stack's own bindings.
import * as pulumi from "@pulumi/pulumi";
import type { AuthentikOidcApplication as Component } from "../components/authentik/oidc-application";
import type { Settings } from "../components/config";

const resources: pulumi.runtime.MockResourceArgs[] = [];
const BINDING = "6f1d0a3e-1c2b-4d5e-8f90-123456789abc";
const EXTRA = "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d";
const TEMPLATE = "11111111-2222-4333-8444-555555555555";

const value = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply(resolve));
const named = (suffix: string) => resources.find((r) => r.name === `mailcow-${suffix}`);

let component: Component;

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources.push(args);
        const state = args.type.endsWith(":Application") ? { ...args.inputs, uuid: "app-uuid" } : args.inputs;
        return { id: args.id || `${args.name}-id`, state };
      },
      call: (args) => ({ id: `id-of-${JSON.stringify(args.inputs)}`, ids: ["a", "b", "c"], pk: 42 }),
    },
    "mailcow-sso",
    "test",
    false,
  );
  const { AuthentikOidcApplication } =
    require("../components/authentik/oidc-application") as typeof import("../components/authentik/oidc-application");
  const settings = {
    authentik: {
      url: "https://auth.example.org",
      token: pulumi.secret("authentik-token"),
      insecure: false,
      allowHttp: false,
    },
    application: {
      name: "mailcow",
      slug: "mailcow",
      policyEngineMode: "any",
      openInNewTab: false,
      launchUrl: "https://mail.example.org",
    },
    oauth2: {
      authorizationFlow: "default-provider-authorization-implicit-consent",
      invalidationFlow: "default-provider-invalidation-flow",
      signingKey: "authentik Self-signed Certificate",
      accessCodeValidity: "minutes=1",
      accessTokenValidity: "minutes=10",
      refreshTokenValidity: "days=30",
      subMode: "hashed_user_id",
      issuerMode: "per_provider",
      clientId: "hand-made-client",
      clientSecret: pulumi.secret("hand-made-secret-0123456789"),
      clientSecretRotation: "1",
    },
    access: { public: false, bindings: [{ kind: "group", ref: "mail-users", order: 0 }] },
  } as unknown as Settings;
  component = new AuthentikOidcApplication("mailcow", {
    ...settings,
    mailcowUrl: "https://mail.example.org",
    redirectUrlExtra: [],
    templateMappings: [],
    adopt: {
      oauth2Provider: "12",
      application: "mailcow",
      templateScope: TEMPLATE,
      bindings: [{ kind: "group", ref: "mail-users", id: BINDING }],
      removeBindings: [EXTRA],
    },
  });
  await value(pulumi.all([component.clientSecret, component.applicationUuid]));
});

test("each adopted object is declared with its ID as the import option", () => {
  expect(named("oauth2")?.id).toBe("12");
  expect(named("application")?.id).toBe("mailcow");
  expect(named("mailcow_template")?.id).toBe(TEMPLATE);
  expect(named("group-mail-users")?.id).toBe(BINDING);
});

test("the pinned client ID and secret are used; no generator is declared", async () => {
  expect(resources.filter((r) => r.type.startsWith("random:"))).toEqual([]);
  const oauth2 = named("oauth2")!;
  expect(oauth2.inputs.clientId).toBe("hand-made-client");
  expect(await value(component.clientSecret)).toBe("hand-made-secret-0123456789");
  expect(await pulumi.isSecret(component.clientSecret)).toBe(true);
});

test("bindings the stack does not declare are removed by one command, the token only in its secret environment", () => {
  const command = named("adopt-remove-bindings")!;
  expect(command.type).toBe("command:local:Command");
  // On the command line, so that preview shows which bindings go (the environment shows as [secret] whole).
  expect(command.inputs.create).toBe(`npm run --silent adopt -- --remove-bindings ${EXTRA}`);
  const env = command.inputs.environment;
  expect(pulumi.runtime.isRpcSecret(env)).toBe(true);
  expect(pulumi.runtime.unwrapRpcSecret(env)).toMatchObject({ AUTHENTIK_TOKEN: "authentik-token" });
  expect(JSON.stringify(command.inputs.create)).not.toContain("authentik-token");
});
