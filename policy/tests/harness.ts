// Hand-built policy arguments with a reportViolation collector, shaped like what the analyzer passes.
import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { unknownCheckingProxy } from "../values";

/** The analyzer's placeholders for unknown values during preview (@pulumi/policy proxy.js). */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const UNKNOWN_ARRAY = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2";
export const UNKNOWN_BOOLEAN = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";

/** Props as the analyzer hands them over: behind the proxy that throws when an unknown is read. */
export function engineProps(props: Record<string, unknown>): Record<string, unknown> {
  return unknownCheckingProxy(props);
}

const opts = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

function notApplicable(reason?: string): never {
  throw new Error(`not applicable: ${reason}`);
}

export async function runResourcePolicy(
  policy: ResourceValidationPolicy,
  type: string,
  props: Record<string, unknown>,
  config: Record<string, unknown> = {},
): Promise<string[]> {
  const messages: string[] = [];
  const args: ResourceValidationArgs = {
    type,
    props,
    urn: `urn:pulumi:test::mailcow-sso::${type}::res`,
    name: "res",
    opts,
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable,
  };
  for (const validate of [policy.validateResource ?? []].flat()) {
    await validate(args, (message) => messages.push(message));
  }
  return messages;
}

export interface TestResource {
  type: string;
  name: string;
  props: Record<string, unknown>;
  provider?: { type: string; props: Record<string, unknown> };
  /** Names of resources each input depends on. */
  dependsOn?: Record<string, string[]>;
}

export function urnOf(type: string, name: string): string {
  return `urn:pulumi:test::mailcow-sso::${type}::${name}`;
}

export async function runStackPolicy(
  policy: StackValidationPolicy,
  resources: TestResource[],
  config: Record<string, unknown> = {},
): Promise<{ message: string; urn?: string }[]> {
  const built: PolicyResource[] = resources.map((r) => ({
    type: r.type,
    name: r.name,
    urn: urnOf(r.type, r.name),
    props: r.props,
    opts,
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
    ...(r.provider && { provider: { ...r.provider, urn: urnOf(r.provider.type, "p"), name: "p" } }),
  }));
  resources.forEach((r, i) => {
    for (const [prop, names] of Object.entries(r.dependsOn ?? {})) {
      built[i].propertyDependencies[prop] = built.filter((b) => names.includes(b.name));
    }
  });
  const violations: { message: string; urn?: string }[] = [];
  await policy.validateStack(
    { resources: built, stackTags: new Map(), getConfig: <T extends object>() => config as T, notApplicable },
    (message, urn) => violations.push({ message, urn }),
  );
  return violations;
}

/** Inputs of a compliant mailcow identity provider: endpoints on the authentik host, redirect back to mailcow. */
export function compliantIdpProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    mailcowUrl: "https://mail.example.org",
    authorizeUrl: "https://auth.example.org/application/o/authorize/",
    tokenUrl: "https://auth.example.org/application/o/token/",
    userinfoUrl: "https://auth.example.org/application/o/userinfo/",
    clientId: "mailcow",
    redirectUrl: "https://mail.example.org",
    ...overrides,
  };
}
