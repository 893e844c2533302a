// Reads a `--policy-pack-config` file's content into PolicyPackConfig, checking it the way the CLI would: policy names
// exist, levels are valid, and properties match each policy's configSchema (the subset of JSON schema used here).
import type { EnforcementLevel, Policies, PolicyConfigSchema, PolicyPackConfig } from "@pulumi/policy";

const LEVELS: readonly string[] = ["advisory", "mandatory", "remediate", "disabled"];

/** The reserved key that sets the enforcement level of every policy in the pack. */
export const ALL_POLICIES = "all";

function checkLevel(where: string, level: unknown): EnforcementLevel {
  if (typeof level !== "string" || !LEVELS.includes(level)) {
    throw new Error(`${where}: enforcement level must be one of ${LEVELS.join(", ")}`);
  }
  return level as EnforcementLevel;
}

type PropertySchema = PolicyConfigSchema["properties"][string];

function matches(schema: PropertySchema, value: unknown): boolean {
  switch (schema.type) {
    case "boolean":
      return typeof value === "boolean";
    case "integer":
      return Number.isInteger(value) && (schema.minimum === undefined || (value as number) >= schema.minimum);
    case "array":
      return Array.isArray(value) && value.every((item) => typeof item === "string");
    default:
      return true; // no other types are used by this pack's schemas
  }
}

/** Checks `raw` (e.g. a parsed policy/config/<stack>.json) against `policies`; throws with the offending key. */
export function parsePolicyPackConfig(raw: unknown, policies: Policies): PolicyPackConfig {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new Error("policy config must be an object");
  const byName = new Map(policies.map((policy) => [policy.name, policy]));
  const config: PolicyPackConfig = {};
  for (const [name, entry] of Object.entries(raw)) {
    if (name === ALL_POLICIES) {
      config[name] = checkLevel(name, entry);
      continue;
    }
    const policy = byName.get(name);
    if (!policy) throw new Error(`${name}: no such policy in this pack`);
    if (typeof entry === "string") {
      config[name] = checkLevel(name, entry);
      continue;
    }
    if (entry === null || typeof entry !== "object") throw new Error(`${name}: expected a level or an object`);
    const { enforcementLevel, ...properties } = entry as Record<string, unknown>;
    for (const [key, value] of Object.entries(properties)) {
      // Own properties only: "__proto__" would otherwise find Object.prototype and pass as a property.
      const known = policy.configSchema?.properties ?? {};
      const schema = Object.hasOwn(known, key) ? known[key] : undefined;
      if (!schema) throw new Error(`${name}.${key}: not a config property of this policy`);
      if (!matches(schema, value)) throw new Error(`${name}.${key}: expected ${String(schema.type)}`);
    }
    config[name] =
      enforcementLevel === undefined
        ? properties
        : { ...properties, enforcementLevel: checkLevel(name, enforcementLevel) };
  }
  return config;
}
