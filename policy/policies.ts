// Every policy of the pack, in one list that index.ts serves and tests call directly.
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { applicationAccessBinding } from "./accessBindingPolicy";
import { mailcowPolicies } from "./mailcowPolicies";
import { mailcowStackPolicies } from "./mailcowStackPolicies";
import { oauth2Policies } from "./oauth2Policies";

export const POLICY_PACK_NAME = "mailcow-sso-guardrails";

/** The pack's default level; every policy sets its own, so this only applies to policies that forget. */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "advisory";

export const policies: Policies = [
  ...oauth2Policies,
  applicationAccessBinding,
  ...mailcowPolicies,
  ...mailcowStackPolicies,
];
