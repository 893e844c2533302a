// Hand-maintained subset with the surface `pulumi package add terraform-provider goauthentik/authentik 2026.5.0`
// generates; regenerating with the Pulumi CLI replaces this whole folder (see README.md).

import * as runtime from "@pulumi/pulumi/runtime";

export function getEnv(...vars: string[]): string | undefined {
  for (const v of vars) {
    const value = process.env[v];
    if (value) {
      return value;
    }
  }
  return undefined;
}

export function getEnvBoolean(...vars: string[]): boolean | undefined {
  const s = getEnv(...vars);
  if (s !== undefined) {
    // Same literals as Go's strconv.ParseBool, which Terraform uses for boolean environment values.
    if (["1", "t", "T", "true", "TRUE", "True"].includes(s)) {
      return true;
    }
    if (["0", "f", "F", "false", "FALSE", "False"].includes(s)) {
      return false;
    }
  }
  return undefined;
}

export function getEnvNumber(...vars: string[]): number | undefined {
  const s = getEnv(...vars);
  if (s !== undefined) {
    const f = parseFloat(s);
    if (!isNaN(f)) {
      return f;
    }
  }
  return undefined;
}

export function getVersion(): string {
  // bin/package.json is the copy scripts/postinstall.js places next to the compiled code.
  let version: string = require("./package.json").version;
  // Node allows a leading "v", semver does not.
  if (version.indexOf("v") === 0) {
    version = version.slice(1);
  }
  return version;
}

/** @internal */
export function resourceOptsDefaults(): any {
  return { version: getVersion() };
}

/** @internal */
export function lazyLoad(exports: any, props: string[], loadModule: any) {
  for (const property of props) {
    Object.defineProperty(exports, property, {
      enumerable: true,
      get: function () {
        return loadModule()[property];
      },
    });
  }
}

/**
 * Registers the parameterized `terraform-provider` plugin (authentik 2026.5.0) with the engine and returns the
 * package reference every resource, the Provider and every invoke of this package must carry. The runtime caches
 * the reference per deployment, so the request is sent once, on first use.
 */
export async function getPackage(): Promise<string | undefined> {
  return runtime.registerPackage({
    baseProviderName: "terraform-provider",
    baseProviderVersion: "0.14.0",
    baseProviderDownloadUrl: "",
    packageName: "authentik",
    packageVersion: "2026.5.0",
    base64Parameter:
      "eyJyZW1vdGUiOnsidXJsIjoicmVnaXN0cnkub3BlbnRvZnUub3JnL2dvYXV0aGVudGlrL2F1dGhlbnRpayIsInZlcnNpb24iOiIyMDI2LjUuMCJ9fQ==",
  });
}
