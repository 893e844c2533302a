// Stack policy: every authentik application managed here is restricted by at least one policy binding.
import type { StackValidationPolicy } from "@pulumi/policy";
import { declaredExceptions } from "./exceptions";
import { APPLICATION_TYPE, POLICY_BINDING_TYPE } from "./resourceTypes";
import { ofType, type StackResource } from "./stackResource";
import { isSet, type Maybe, read, readBoolean, readString, UNKNOWN } from "./values";

/** A binding restricts access when it is enabled and names a group, user or policy (or may, during preview). */
function restrictsAccess(binding: StackResource): boolean {
  if (readBoolean(binding.props, "enabled") === false) return false;
  return ["group", "user", "policy"].some((key) => {
    const value = read(binding.props, key);
    return value === UNKNOWN || (value !== undefined && value !== "");
  });
}

/**
 * Whether `binding` targets `app`. The engine's property dependencies answer it exactly. Without them, compare the
 * uuid with the target; during preview a new application's uuid is unknown, and so is every target derived from it,
 * so an unknown target is accepted for an application whose uuid is unknown (or missing from a recorded run).
 */
export function bindsTo(binding: StackResource, app: StackResource, appUuid: Maybe<string>): boolean {
  if (binding.propertyDependencies?.target?.some((dependency) => dependency.urn === app.urn)) return true;
  const target = readString(binding.props, "target");
  if (isSet(appUuid) && isSet(target)) return appUuid === target;
  return !isSet(appUuid) && !isSet(target);
}

/** Applications that are neither declared public by the stack nor restricted by a binding in `resources`. */
export function unboundApplications(
  resources: readonly StackResource[],
  publicSlugs: ReadonlySet<string>,
): StackResource[] {
  const bindings = ofType(resources, POLICY_BINDING_TYPE).filter(restrictsAccess);
  return ofType(resources, APPLICATION_TYPE).filter((app) => {
    const slug = readString(app.props, "slug");
    if (slug === UNKNOWN || (isSet(slug) && publicSlugs.has(slug))) return false;
    const uuid = readString(app.props, "uuid");
    return !bindings.some((binding) => bindsTo(binding, app, uuid));
  });
}

export const applicationAccessBinding: StackValidationPolicy = {
  name: "authentik-application-access-binding",
  description:
    "Every authentik application in the stack has an enabled PolicyBinding (group, user or policy), " +
    "unless the stack's settings declare it public (access.public: true).",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const { publicApplications } = declaredExceptions(args.resources);
    for (const app of unboundApplications(args.resources, publicApplications)) {
      const slug = readString(app.props, "slug");
      const label = typeof slug === "string" ? `"${slug}"` : `(resource ${app.name})`;
      reportViolation(
        `authentik application ${label} has no enabled PolicyBinding, so every authentik user may log in to it; ` +
          "add a PolicyBinding with target: <application>.uuid and a group (or user, or policy), or, if it is " +
          "meant to be open to everyone, declare it in the stack's settings with access.public: true.",
        app.urn,
      );
    }
  },
};
