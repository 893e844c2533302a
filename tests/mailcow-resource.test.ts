// The resource class under Pulumi mocks: type token, secret handling of inputs and outputs, declared outputs.
import * as pulumi from "@pulumi/pulumi";
// The module reads no config at import time, so a static import before setMocks is fine.
import { MailcowIdentityProvider } from "../components/mailcow/identity-provider";

const registered: pulumi.runtime.MockResourceArgs[] = [];
/** additionalSecretOutputs per resource name, captured from the register requests (mocks do not apply them). */
const secretOutputs = new Map<string, string[]>();

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push(args);
        // Echo plain inputs as state, plus the computed outputs the real provider returns.
        const state: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(args.inputs)) {
          if (key !== "__provider" && key !== "clientSecret") state[key] = value;
        }
        return {
          id: "identity-provider",
          state: { ...state, authsource: "generic-oidc", clientSecretDigest: "hmac-sha256:00", providerVersion: "1" },
        };
      },
      call: () => ({}),
    },
    "mailcow-sso",
    "test",
    false,
  );
  type Request = { getName(): string; getAdditionalsecretoutputsList(): string[] };
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: Request, callback: unknown): unknown;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    secretOutputs.set(req.getName(), req.getAdditionalsecretoutputsList());
    return register(req, callback);
  };
});

function resolve<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((done) => output.apply(done));
}

test("registers as pulumi-nodejs:dynamic/mailcow:IdentityProvider with a secret client secret", async () => {
  const resource = new MailcowIdentityProvider("mailcow-idp", {
    mailcowUrl: "https://mail.example.org",
    authorizeUrl: "https://auth.example.org/authorize",
    tokenUrl: "https://auth.example.org/token",
    userinfoUrl: "https://auth.example.org/userinfo",
    clientId: "mailcow",
    clientSecret: "plain-string-secret",
    redirectUrl: "https://mail.example.org",
  });
  expect(await resolve(resource.id)).toBe("identity-provider");
  expect(await resolve(resource.authsource)).toBe("generic-oidc");
  expect(await resolve(resource.clientId)).toBe("mailcow");
  // Declared even when not given, so the provider's value shows up (undefined under this echoing mock).
  expect("templateMappings" in resource).toBe(true);
  // The engine marks the digest secret in state (mocks do not apply the option, so assert the request).
  expect(secretOutputs.get("mailcow-idp")).toEqual(["clientSecretDigest"]);

  const args = registered.find((entry) => entry.name === "mailcow-idp");
  expect(args?.type).toBe("pulumi-nodejs:dynamic/mailcow:IdentityProvider");
  // A plain string given as clientSecret still reaches the engine as a secret.
  expect(pulumi.runtime.isRpcSecret(args?.inputs.clientSecret)).toBe(true);
  expect(pulumi.runtime.unwrapRpcSecret(args?.inputs.clientSecret)).toBe("plain-string-secret");
  expect(String(args?.inputs.__provider)).not.toContain("plain-string-secret");
});
