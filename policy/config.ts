// Policy config knobs: JSON schemas for `configSchema` (the CLI validates --policy-pack-config against them) and
// readers that apply the defaults, since getConfig() returns only what the config file sets.
import type { PolicyConfigSchema } from "@pulumi/policy";

export interface TokenValidityLimits {
  maxAccessCodeSeconds: number;
  maxAccessTokenSeconds: number;
  maxRefreshTokenSeconds: number;
}

export const TOKEN_VALIDITY_DEFAULTS: TokenValidityLimits = {
  maxAccessCodeSeconds: 10 * 60,
  maxAccessTokenSeconds: 24 * 3600,
  maxRefreshTokenSeconds: 90 * 86400,
};

export const tokenValiditySchema: PolicyConfigSchema = {
  properties: {
    maxAccessCodeSeconds: {
      type: "integer",
      minimum: 1,
      default: TOKEN_VALIDITY_DEFAULTS.maxAccessCodeSeconds,
      description: "Upper bound for accessCodeValidity, in seconds (default 10 minutes).",
    },
    maxAccessTokenSeconds: {
      type: "integer",
      minimum: 1,
      default: TOKEN_VALIDITY_DEFAULTS.maxAccessTokenSeconds,
      description: "Upper bound for accessTokenValidity, in seconds (default 1 day).",
    },
    maxRefreshTokenSeconds: {
      type: "integer",
      minimum: 1,
      default: TOKEN_VALIDITY_DEFAULTS.maxRefreshTokenSeconds,
      description: "Upper bound for refreshTokenValidity, in seconds (default 90 days).",
    },
  },
};

type RawConfig = Record<string, unknown>;

// The CLI validates against the schema; these checks protect direct callers (tests, evaluatePolicies).
function invalid(key: string, expected: string): never {
  throw new Error(`policy config "${key}" must be ${expected}`);
}

function positiveNumber(raw: RawConfig, key: keyof TokenValidityLimits): number {
  const value = raw[key];
  if (value === undefined) return TOKEN_VALIDITY_DEFAULTS[key];
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) invalid(key, "a positive number");
  return value;
}

export function tokenValidityLimits(raw: RawConfig): TokenValidityLimits {
  return {
    maxAccessCodeSeconds: positiveNumber(raw, "maxAccessCodeSeconds"),
    maxAccessTokenSeconds: positiveNumber(raw, "maxAccessTokenSeconds"),
    maxRefreshTokenSeconds: positiveNumber(raw, "maxRefreshTokenSeconds"),
  };
}
