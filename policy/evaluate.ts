// Runs the pack's policies over plain resource records (e.g. recorded from a mocked program run), the way the
// analyzer would: props behind the unknown-checking proxy, enforcement levels and config as the CLI resolves them.
import type {
  EnforcementLevel,
  Policies,
  PolicyPackConfig,
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";
import { ALL_POLICIES, parsePolicyPackConfig } from "./packConfig";
import { PACK_ENFORCEMENT_LEVEL, policies as packPolicies } from "./policies";
import { isUnknownValueError, unknownCheckingProxy } from "./values";

export interface RecordedResource {
  type: string;
  name: string;
  props: Record<string, unknown>;
  /** Defaults to a URN built from type and name. */
  urn?: string;
}

export interface PolicyViolation {
  policyName: string;
  enforcementLevel: "advisory" | "mandatory";
  message: string;
  /** The resource the violation is about; missing for a violation of the stack as a whole. */
  resourceName?: string;
  urn?: string;
}

// Marker keys of a serialized secret (`@pulumi/pulumi` runtime/rpc specialSigKey / specialSecretSig).
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Unwraps serialized secrets, as the analyzer does before policies see props, and drops undefined values. */
export function plainProps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainProps);
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  if (record[SIG_KEY] === SECRET_SIG) return plainProps(record.value);
  return Object.fromEntries(
    Object.entries(record)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, plainProps(v)]),
  );
}

class NotApplicable extends Error {}

function notApplicable(reason?: string): never {
  throw new NotApplicable(reason);
}

type EffectiveLevel = "advisory" | "mandatory" | "disabled";

function configuredLevel(entry: PolicyPackConfig[string] | undefined): EnforcementLevel | undefined {
  return typeof entry === "string" ? entry : entry?.enforcementLevel;
}

/** The policy's own config wins over "all", which wins over the policy's default (as the CLI reconciles them). */
function levelOf(name: string, own: EnforcementLevel | undefined, config: PolicyPackConfig): EffectiveLevel {
  const level = configuredLevel(config[name]) || configuredLevel(config[ALL_POLICIES]) || own || PACK_ENFORCEMENT_LEVEL;
  // Stack policies cannot remediate and a failed remediation is reported as mandatory, as in the analyzer.
  return level === "remediate" ? "mandatory" : level;
}

function configOf(name: string, config: PolicyPackConfig): Record<string, unknown> {
  const entry = config[name];
  if (entry === undefined || typeof entry === "string") return {};
  const { enforcementLevel: _level, ...properties } = entry;
  return properties;
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
  return (resourceClass as { __pulumiType?: string }).__pulumiType === type;
}

const NO_OPTIONS: PolicyResourceOptions = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

interface RecordWithUrn {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
}

function stackResource(r: RecordWithUrn): PolicyResource {
  return {
    ...r,
    opts: NO_OPTIONS,
    dependencies: [],
    propertyDependencies: {},
    isType: (cls) => isTypeOf(r.type, cls),
    asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? r.props : undefined)) as PolicyResource["asType"],
  };
}

/** Runs `run`, turning "not applicable" into nothing and an unknown-value read into the analyzer's advisory note. */
async function guarded(policyName: string, report: (v: PolicyViolation) => void, run: () => unknown): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (e instanceof NotApplicable) return;
    if (!isUnknownValueError(e)) throw e;
    report({ policyName, enforcementLevel: "advisory", message: `can't run policy during preview: ${String(e)}` });
  }
}

/**
 * Violations of every policy (or of `policyList`) for `resources`, under `rawConfig` in the format of
 * `--policy-pack-config` (e.g. the parsed content of policy/config/prod.json; it is checked, and bad keys throw).
 * Resource policies see each record's props as inputs; stack policies see all records at once.
 */
export async function evaluatePolicies(
  resources: readonly RecordedResource[],
  rawConfig: unknown = {},
  policyList: Policies = packPolicies,
): Promise<PolicyViolation[]> {
  const config = parsePolicyPackConfig(rawConfig, policyList);
  const records = resources.map((r) => ({
    type: r.type,
    name: r.name,
    urn: r.urn ?? `urn:pulumi:stack::project::${r.type}::${r.name}`,
    props: unknownCheckingProxy(plainProps(r.props) as Record<string, unknown>),
  }));
  const nameByUrn = new Map(records.map((r) => [r.urn, r.name]));
  const violations: PolicyViolation[] = [];
  const push = (v: PolicyViolation) => violations.push(v);

  for (const policy of policyList) {
    const enforcementLevel = levelOf(policy.name, policy.enforcementLevel, config);
    if (enforcementLevel === "disabled") continue;
    const getConfig = <T extends object>() => configOf(policy.name, config) as T;
    const violation = (message: string, urn?: string): PolicyViolation =>
      urn === undefined
        ? { policyName: policy.name, enforcementLevel, message }
        : { policyName: policy.name, enforcementLevel, message, urn, resourceName: nameByUrn.get(urn) };

    if ("validateStack" in policy) {
      const args: StackValidationArgs = {
        resources: records.map(stackResource),
        stackTags: new Map(),
        getConfig,
        notApplicable,
      };
      const report: ReportViolation = (message, urn) => push(violation(message, urn));
      await guarded(policy.name, push, () => policy.validateStack(args, report));
      continue;
    }

    const validations = [policy.validateResource ?? []].flat();
    for (const record of records) {
      const args: ResourceValidationArgs = {
        ...record,
        opts: NO_OPTIONS,
        stackTags: new Map(),
        isType: (cls) => isTypeOf(record.type, cls),
        asType: ((cls: unknown) =>
          isTypeOf(record.type, cls) ? record.props : undefined) as ResourceValidationArgs["asType"],
        getConfig,
        notApplicable,
      };
      // A resource policy always reports against the resource it validates.
      const report: ReportViolation = (message) => push(violation(message, record.urn));
      for (const validate of validations) await guarded(policy.name, push, () => validate(args, report));
    }
  }
  return violations;
}
