// The local @pulumi/authentik SDK under Pulumi mocks: type tokens, invoke tokens, package registration and secrets
// must match what the generated (Terraform-bridged, parameterized) SDK sends to the engine.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type * as Authentik from "@pulumi/authentik";

type Sdk = typeof Authentik;

// The protobuf request classes the mock monitor receives; only the getters these tests read.
interface RegisterPackageRequest {
  getName(): string;
  getVersion(): string;
  getDownloadUrl(): string;
  getParameterization():
    { getName(): string; getVersion(): string; getValue_asB64(): string; getValue_asU8(): Uint8Array } | undefined;
}
interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getPackageref(): string;
  getAdditionalsecretoutputsList(): string[];
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}
interface InvokeRequest {
  getTok(): string;
  getPackageref(): string;
}
type Callback = (err: unknown, resp: unknown) => void;
interface SpiedMonitor {
  registerPackage(req: RegisterPackageRequest, cb: Callback): void;
  registerResource(req: RegisterResourceRequest, cb: Callback): void;
  invoke(req: InvokeRequest, cb: Callback): void;
}

const SDK_DIR = path.join(__dirname, "..", "sdks", "authentik");
const sdkPackageJson = JSON.parse(readFileSync(path.join(SDK_DIR, "package.json"), "utf8"));
const SECRET_SIG_KEY = pulumi.runtime.specialSigKey;
const SECRET_SIG = pulumi.runtime.specialSecretSig;

const newResources: pulumi.runtime.MockResourceArgs[] = [];
const mockCalls: pulumi.runtime.MockCallArgs[] = [];
const packageRequests: RegisterPackageRequest[] = [];
const resourceRequests: RegisterResourceRequest[] = [];
const invokeRequests: InvokeRequest[] = [];

let ak: Sdk;

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

function resourceRequest(name: string): RegisterResourceRequest {
  const req = resourceRequests.find((r) => r.getName() === name);
  if (!req) throw new Error(`no RegisterResource request for ${name}`);
  return req;
}

function mockResource(name: string): pulumi.runtime.MockResourceArgs {
  const args = newResources.find((r) => r.name === name);
  if (!args) throw new Error(`newResource never saw ${name}`);
  return args;
}

function isSerializedSecret(value: unknown): boolean {
  return (
    typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG
  );
}

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        newResources.push(args);
        // Echo inputs as state, so an output is secret exactly when the SDK sent its input as a secret.
        return { id: `${args.name}-id`, state: { ...args.inputs } };
      },
      call: (args) => {
        mockCalls.push(args);
        return { id: `${args.token}-result`, echoed: args.inputs };
      },
    },
    "project",
    "stack",
    false,
  );
  // Record what the SDK sends to the engine; the spies call through to the mock monitor.
  const monitor = pulumi.runtime.getMonitor() as unknown as SpiedMonitor;
  const registerPackage = monitor.registerPackage.bind(monitor);
  const registerResource = monitor.registerResource.bind(monitor);
  const invoke = monitor.invoke.bind(monitor);
  jest.spyOn(monitor, "registerPackage").mockImplementation((req, cb) => {
    packageRequests.push(req);
    registerPackage(req, cb);
  });
  jest.spyOn(monitor, "registerResource").mockImplementation((req, cb) => {
    resourceRequests.push(req);
    registerResource(req, cb);
  });
  jest.spyOn(monitor, "invoke").mockImplementation((req, cb) => {
    invokeRequests.push(req);
    invoke(req, cb);
  });
  // require, not import(): under module nodenext, TypeScript keeps import() native, which jest cannot run.
  ak = require("@pulumi/authentik") as Sdk;
});

const oauth2Args = { clientId: "mailcow", authorizationFlow: "flow-authz", invalidationFlow: "flow-inval" };

describe("resources reach the engine with the generated SDK's type tokens", () => {
  test.each<[string, string, (sdk: Sdk, name: string) => pulumi.CustomResource]>([
    [
      "ProviderOauth2",
      "authentik:index/providerOauth2:ProviderOauth2",
      (sdk, name) => new sdk.ProviderOauth2(name, oauth2Args),
    ],
    ["Application", "authentik:index/application:Application", (sdk, name) => new sdk.Application(name, { slug: "m" })],
    [
      "PolicyBinding",
      "authentik:index/policyBinding:PolicyBinding",
      (sdk, name) => new sdk.PolicyBinding(name, { target: "app-uuid", order: 0, group: "group-uuid" }),
    ],
    ["Group", "authentik:index/group:Group", (sdk, name) => new sdk.Group(name)],
    [
      "PropertyMappingProviderScope",
      "authentik:index/propertyMappingProviderScope:PropertyMappingProviderScope",
      (sdk, name) => new sdk.PropertyMappingProviderScope(name, { scopeName: "mailcow_template", expression: "{}" }),
    ],
    [
      "CertificateKeyPair",
      "authentik:index/certificateKeyPair:CertificateKeyPair",
      (sdk, name) => new sdk.CertificateKeyPair(name, { certificateData: "-----BEGIN CERTIFICATE-----" }),
    ],
    [
      "Provider",
      "pulumi:providers:authentik",
      (sdk, name) => new sdk.Provider(name, { url: "https://authentik.example", token: "tok" }),
    ],
  ])("%s registers as %s and carries the package ref", async (className, token, create) => {
    const name = `token-${className}`;
    const resource = create(ak, name);
    await valueOf(resource.urn);

    expect(mockResource(name).type).toBe(token);
    expect(resourceRequest(name).getPackageref()).toBe("mock-uuid");
    expect((ak[className as keyof Sdk] as { isInstance(o: unknown): boolean }).isInstance(resource)).toBe(true);
  });
});

describe("data sources reach the engine with the generated SDK's invoke tokens", () => {
  test.each<[string, (sdk: Sdk) => Promise<unknown>]>([
    ["authentik:index/getFlow:getFlow", (sdk) => sdk.getFlow({ slug: "s" })],
    ["authentik:index/getFlow:getFlow", (sdk) => valueOf(sdk.getFlowOutput({ slug: "s" }))],
    [
      "authentik:index/getCertificateKeyPair:getCertificateKeyPair",
      (sdk) => sdk.getCertificateKeyPair({ name: "n", fetchKey: false, fetchCertificate: false }),
    ],
    [
      "authentik:index/getCertificateKeyPair:getCertificateKeyPair",
      (sdk) => valueOf(sdk.getCertificateKeyPairOutput({ name: "n", fetchKey: false, fetchCertificate: false })),
    ],
    [
      "authentik:index/getPropertyMappingProviderScope:getPropertyMappingProviderScope",
      (sdk) => sdk.getPropertyMappingProviderScope({ managedLists: ["goauthentik.io/providers/oauth2/scope-openid"] }),
    ],
    [
      "authentik:index/getPropertyMappingProviderScope:getPropertyMappingProviderScope",
      (sdk) => valueOf(sdk.getPropertyMappingProviderScopeOutput({ scopeName: "openid" })),
    ],
    ["authentik:index/getGroup:getGroup", (sdk) => sdk.getGroup({ name: "g" })],
    ["authentik:index/getGroup:getGroup", (sdk) => valueOf(sdk.getGroupOutput({ name: "g", includeUsers: false }))],
    ["authentik:index/getUser:getUser", (sdk) => sdk.getUser({ username: "u" })],
    ["authentik:index/getUser:getUser", (sdk) => valueOf(sdk.getUserOutput({ pk: 7 }))],
    [
      "authentik:index/getProviderOauth2Config:getProviderOauth2Config",
      (sdk) => sdk.getProviderOauth2Config({ name: "p" }),
    ],
    [
      "authentik:index/getProviderOauth2Config:getProviderOauth2Config",
      (sdk) => valueOf(sdk.getProviderOauth2ConfigOutput({ providerId: 3 })),
    ],
  ])("%s", async (token, invoke) => {
    const before = mockCalls.length;
    const result = (await invoke(ak)) as { id: string; echoed: Record<string, unknown> };

    const seen = mockCalls.slice(before);
    expect(seen.map((c) => c.token)).toEqual([token]);
    expect(result.id).toBe(`${token}-result`);
    expect(invokeRequests.filter((r) => r.getTok() === token).every((r) => r.getPackageref() === "mock-uuid")).toBe(
      true,
    );
  });

  test("invoke arguments keep their camelCase names and values", async () => {
    const result = await ak.getPropertyMappingProviderScope({ managedLists: ["a", "b"], scopeName: "email" });
    expect((result as unknown as { echoed: unknown }).echoed).toEqual({ managedLists: ["a", "b"], scopeName: "email" });
  });

  test("an explicit provider is passed to the invoke", async () => {
    const provider = new ak.Provider("invoke-provider", { url: "https://authentik.example", token: "tok" });
    await valueOf(ak.getFlowOutput({ slug: "default-provider-invalidation-flow" }, { provider }));
    const call = mockCalls.find((c) => c.inputs.slug === "default-provider-invalidation-flow");
    expect(call?.provider).toMatch(/^urn:pulumi:stack::project::pulumi:providers:authentik::invoke-provider::/);
  });
});

describe("package registration", () => {
  test("registers terraform-provider 0.14.0 parameterized as authentik 2026.5.0, once", async () => {
    await valueOf(new ak.Group("registration-trigger").urn);

    expect(packageRequests).toHaveLength(1);
    const [req] = packageRequests;
    expect(req.getName()).toBe("terraform-provider");
    expect(req.getVersion()).toBe("0.14.0");
    expect(req.getDownloadUrl()).toBe("");
    const param = req.getParameterization();
    expect(param?.getName()).toBe("authentik");
    expect(param?.getVersion()).toBe("2026.5.0");
    expect(JSON.parse(Buffer.from(param!.getValue_asU8()).toString("utf8"))).toEqual({
      remote: { url: "registry.opentofu.org/goauthentik/authentik", version: "2026.5.0" },
    });
    expect(param?.getValue_asB64()).toBe(sdkPackageJson.pulumi.parameterization.value);
  });

  test("package.json declares the same plugin and parameterization the runtime registers", () => {
    expect(sdkPackageJson).toMatchObject({
      name: "@pulumi/authentik",
      version: "2026.5.0",
      main: "bin/index.js",
      pulumi: {
        resource: true,
        name: "terraform-provider",
        version: "0.14.0",
        parameterization: { name: "authentik", version: "2026.5.0" },
      },
    });
    // The SDK must share the program's @pulumi/pulumi (one runtime state, one mock monitor): no nested copy.
    expect(Object.keys(sdkPackageJson.dependencies)).toEqual(["@pulumi/pulumi"]);
    expect(require.resolve("@pulumi/pulumi", { paths: [SDK_DIR] })).toBe(require.resolve("@pulumi/pulumi"));
  });
});

describe("secrets", () => {
  test("ProviderOauth2 sends clientSecret as a secret and lists it as an additional secret output", async () => {
    const res = new ak.ProviderOauth2("secret-oauth2", { ...oauth2Args, clientSecret: "s3cr3t" });
    expect(await pulumi.isSecret(res.clientSecret)).toBe(true);
    expect(await valueOf(pulumi.unsecret(res.clientSecret))).toBe("s3cr3t");

    const req = resourceRequest("secret-oauth2");
    expect(req.getAdditionalsecretoutputsList()).toEqual(["clientSecret"]);
    expect(isSerializedSecret(req.getObject()?.toJavaScript().clientSecret)).toBe(true);
  });

  test("a server-generated clientSecret is still marked as an additional secret output", async () => {
    await valueOf(new ak.ProviderOauth2("generated-secret-oauth2", oauth2Args).urn);
    expect(resourceRequest("generated-secret-oauth2").getAdditionalsecretoutputsList()).toEqual(["clientSecret"]);
  });

  test("Provider sends token and headers as secrets, headers and insecure as JSON text", async () => {
    const provider = new ak.Provider("secret-provider", {
      url: "https://authentik.example",
      token: "api-token",
      insecure: true,
      headers: { "X-Extra": "1" },
    });
    expect(await pulumi.isSecret(provider.token)).toBe(true);
    expect(await pulumi.isSecret(provider.url)).toBe(false);

    const req = resourceRequest("secret-provider");
    expect(req.getAdditionalsecretoutputsList()).toEqual(["token"]);
    const sent = req.getObject()?.toJavaScript() ?? {};
    expect(isSerializedSecret(sent.token)).toBe(true);
    expect(isSerializedSecret(sent.headers)).toBe(true);
    expect((sent.headers as { value: string }).value).toBe('{"X-Extra":"1"}');
    expect(sent.insecure).toBe("true");
    expect(sent.url).toBe("https://authentik.example");
  });

  test("CertificateKeyPair sends keyData as a secret", async () => {
    await valueOf(new ak.CertificateKeyPair("secret-kp", { certificateData: "cert", keyData: "key" }).urn);
    const req = resourceRequest("secret-kp");
    expect(req.getAdditionalsecretoutputsList()).toEqual(["keyData"]);
    expect(isSerializedSecret(req.getObject()?.toJavaScript().keyData)).toBe(true);
  });
});

describe("inputs", () => {
  test("allowedRedirectUris entries keep their snake_case keys", async () => {
    const uris: { [key: string]: string }[] = [
      { matching_mode: "strict", url: "https://mail.example", redirect_uri_type: "authorization" },
      { matching_mode: "regex", url: "https://mail\\.example/.*" },
    ];
    await valueOf(new ak.ProviderOauth2("redirects", { ...oauth2Args, allowedRedirectUris: uris }).urn);
    expect(mockResource("redirects").inputs.allowedRedirectUris).toEqual(uris);
  });

  test("number-typed fields stay numbers and name stays optional", async () => {
    const app = new ak.Application("numbers-app", { slug: "mail", protocolProvider: 42, backchannelProviders: [1] });
    await valueOf(new ak.PolicyBinding("numbers-binding", { target: "t", order: 5, user: 9, timeout: 30 }).urn);
    await valueOf(new ak.Group("numbers-group", { users: [1, 2] }).urn);
    await valueOf(app.urn);

    expect(mockResource("numbers-app").inputs).toEqual({
      slug: "mail",
      protocolProvider: 42,
      backchannelProviders: [1],
    });
    expect(mockResource("numbers-binding").inputs).toEqual({ target: "t", order: 5, user: 9, timeout: 30 });
    expect(mockResource("numbers-group").inputs).toEqual({ users: [1, 2] });
    expect(await valueOf(app.protocolProvider)).toBe(42);
  });

  test.each<[string, (sdk: Sdk) => unknown, string]>([
    [
      "ProviderOauth2 without clientId",
      (sdk) => new sdk.ProviderOauth2("x1", { ...oauth2Args, clientId: undefined! }),
      "clientId",
    ],
    ["Application without slug", (sdk) => new sdk.Application("x2", { slug: undefined! }), "slug"],
    ["PolicyBinding without order", (sdk) => new sdk.PolicyBinding("x3", { target: "t", order: undefined! }), "order"],
    [
      "PropertyMappingProviderScope without expression",
      (sdk) => new sdk.PropertyMappingProviderScope("x4", { scopeName: "s", expression: undefined! }),
      "expression",
    ],
    ["Provider without token", (sdk) => new sdk.Provider("x5", { url: "u", token: undefined! }), "token"],
  ])("%s is rejected", (_label, create, property) => {
    expect(() => create(ak)).toThrow(`Missing required property '${property}'`);
  });
});

test("config exposes the authentik:* keys", async () => {
  pulumi.runtime.setAllConfig({ "authentik:url": "https://authentik.example", "authentik:insecure": "true" });
  expect(ak.config.url).toBe("https://authentik.example");
  expect(ak.config.insecure).toBe(true);
  expect(ak.config.token).toBeUndefined();
});
