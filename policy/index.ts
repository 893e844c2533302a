// Entry point the Pulumi CLI runs for `--policy-pack policy`. Constructing the pack starts the analyzer's gRPC
// server, so nothing else may import this file (tests use ./policies and ./evaluate).
import { PolicyPack } from "@pulumi/policy";
import { PACK_ENFORCEMENT_LEVEL, POLICY_PACK_NAME, policies } from "./policies";

new PolicyPack(POLICY_PACK_NAME, {
  policies,
  enforcementLevel: PACK_ENFORCEMENT_LEVEL,
  description: "Guardrails for the authentik OAuth2 provider and mailcow's Generic-OIDC identity provider.",
});
