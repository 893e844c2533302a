/**
 * The provider's `check`: the resource inputs as one zod schema built from the shared rules. Values that are
 * unknown during preview pass untouched (they are validated on the run that knows them).
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  NOT_DROPPED_BY_MAILCOW,
  baseUrl,
  claimValue,
  clientId,
  formatPath,
  httpsUnlessAllowed,
  orUnknown,
  scopeList,
  secretValue,
  templateName,
  uniqueClaimValues,
  url,
} from "../rules";

const flag = (fallback: boolean) => orUnknown(z.boolean({ error: "must be true or false" }).default(fallback));

const templateMapping = z.object(
  { claimValue: orUnknown(claimValue), template: orUnknown(templateName) },
  { error: "must be an object { claimValue, template }" },
);

const templateMappings = z
  .array(orUnknown(templateMapping), { error: "must be a list of { claimValue, template }" })
  .default([])
  .superRefine((mappings, ctx) =>
    uniqueClaimValues(
      mappings.map((mapping) => (typeof mapping === "object" ? mapping.claimValue : undefined)),
      ctx,
    ),
  );

/** Endpoint and redirect URLs, kept as given (redirectUrl must match the IdP's registration exactly). */
const URL_INPUTS = ["authorizeUrl", "tokenUrl", "userinfoUrl", "redirectUrl"] as const;

export const identityProviderInputs = z
  .object({
    mailcowUrl: orUnknown(baseUrl),
    authorizeUrl: orUnknown(url),
    tokenUrl: orUnknown(url),
    userinfoUrl: orUnknown(url),
    redirectUrl: orUnknown(url),
    redirectUrlExtra: orUnknown(z.array(orUnknown(url), { error: "must be a list of URLs" }).default([])),
    clientId: orUnknown(clientId),
    clientSecret: orUnknown(secretValue),
    clientScopes: orUnknown(scopeList),
    ignoreSslError: flag(false),
    loginProvisioning: flag(false),
    defaultTemplate: orUnknown(
      z
        .string({ error: "must be a string" })
        .trim()
        .refine(...NOT_DROPPED_BY_MAILCOW)
        .default(""),
    ),
    templateMappings: orUnknown(templateMappings),
    adoptExisting: flag(false),
    onDelete: orUnknown(z.enum(["remove", "retain"], { error: 'must be "remove" or "retain"' }).default("remove")),
    allowHttp: flag(false),
  })
  .superRefine(...httpsUnlessAllowed(["mailcowUrl", ...URL_INPUTS, "redirectUrlExtra"], "allowHttp"));

/** Every input of the resource (anything else given to check is dropped). */
export const INPUT_KEYS = Object.keys(identityProviderInputs.shape) as (keyof typeof identityProviderInputs.shape)[];

/** Drops undefined object members and turns undefined array items into null (the host's Struct rejects undefined). */
export function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : withoutUndefined(item)));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => [key, withoutUndefined(item)]),
    );
  }
  return value;
}

/** Validates and normalises the inputs; on failure the given inputs come back as they were, with the reasons. */
export function checkInputs(news: Record<string, unknown>): pulumi.dynamic.CheckResult {
  const result = identityProviderInputs.safeParse(news);
  if (result.success) return { inputs: withoutUndefined(result.data) as Record<string, unknown>, failures: [] };
  const given = Object.fromEntries(INPUT_KEYS.filter((key) => key in news).map((key) => [key, news[key]]));
  return {
    inputs: withoutUndefined(given) as Record<string, unknown>,
    failures: result.error.issues.map((issue) => ({ property: formatPath(issue.path), reason: issue.message })),
  };
}
