// Type tokens of the resources these policies inspect, and a filter for resource validations.
import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";

export const PROVIDER_OAUTH2_TYPE = "authentik:index/providerOauth2:ProviderOauth2";
export const APPLICATION_TYPE = "authentik:index/application:Application";
export const POLICY_BINDING_TYPE = "authentik:index/policyBinding:PolicyBinding";
/** The explicit (or default) authentik provider resource; its `url` input is the authentik base URL. */
export const AUTHENTIK_PROVIDER_TYPE = "pulumi:providers:authentik";
/** The program's component; its outputs carry the exceptions the stack's settings declare (exceptions.ts). */
export const MAILCOW_SSO_TYPE = "mailcow-sso:index:MailcowSso";
/** Our dynamic resource: `pulumi-nodejs:dynamic/<module>:<type>` with module "mailcow", type "IdentityProvider". */
export const MAILCOW_IDP_TYPE = "pulumi-nodejs:dynamic/mailcow:IdentityProvider";

export type TypedValidation = (
  props: Record<string, unknown>,
  args: ResourceValidationArgs,
  reportViolation: ReportViolation,
) => void;

/** Runs `validate` only for resources of `type`. Dynamic resources have no SDK class, so match the token. */
export function forType(type: string, validate: TypedValidation): ResourceValidation {
  return (args, reportViolation) => {
    if (args.type === type) validate(args.props, args, reportViolation);
  };
}
