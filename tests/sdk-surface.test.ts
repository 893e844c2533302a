// The SDK-surface comparison the engine suite uses (tests/engine/sdk.test.ts) must see what matters and only that.
import fs from "node:fs";
import path from "node:path";
import { fileSurface } from "./engine/support/sdk-surface";

const source = fs.readFileSync(path.join(__dirname, "..", "sdks", "authentik", "providerOauth2.ts"), "utf8");
const surface = fileSurface(source);

test("reads tokens, properties, inputs, required inputs and secret outputs of a resource file", () => {
  expect(surface.tokens).toEqual(["authentik:index/providerOauth2:ProviderOauth2"]);
  expect(surface.properties).toContain("clientSecret: pulumi.Output<string>");
  expect(surface.inputs).toContain("clientSecret = args?.clientSecret?pulumi.secret(args.clientSecret):undefined");
  expect(surface.required).toEqual(expect.arrayContaining(["authorizationFlow", "clientId", "invalidationFlow"]));
  expect(surface.secretOutputs).toEqual(['"clientSecret"']);
});

test.each([
  [
    "a secret that is no longer wrapped",
    (s: string) => s.replace("pulumi.secret(args.clientSecret)", "args.clientSecret"),
  ],
  ["a renamed property", (s: string) => s.replace(/allowedRedirectUris/g, "allowedRedirectUri")],
  ["an input that is no longer required", (s: string) => s.replace("args?.clientId === undefined", "false")],
  ["a changed token", (s: string) => s.replace(/providerOauth2:ProviderOauth2/g, "providerOauth:ProviderOauth")],
])("notices %s", (_what, change) => {
  expect(fileSurface(change(source))).not.toEqual(surface);
});

test("ignores formatting, comments and the generator's older expression style", () => {
  const older = source
    .replace(/args\?\.(\w+)(?=;)/g, "args ? args.$1 : undefined")
    .replace(/declare public readonly (\w+)(\??):/g, "public readonly $1$2!:")
    .replace(/\/\*\*[\s\S]*?\*\//g, "// (comment)")
    .replace(/ {2}/g, "    ");
  expect(fileSurface(older)).toEqual(surface);
});
