// policies/expression/ (authentik/policies/expression/api.py): CRUD by uuid, the one policy type emulated, and
// policies/all/ (authentik/policies/api/policies.py): retrieve any policy as the generic Policy. Expressions are
// stored, not compiled (authentik's validate_expression would reject a syntax error) and never run.
import { uuid4 } from "../ids";
import type { ApiRequest } from "../http-types";
import { booleanParam } from "../pagination";
import { type ResourceSpec, resourceHandlers } from "../resource";
import type { Store } from "../store";
import type { ExpressionPolicyRow } from "../types";
import { type FieldSpec, boolean, normaliseUuid, string, unique } from "../validation";

const FIELDS: FieldSpec[] = [
  {
    name: "name",
    required: true,
    parse: string(),
    // Policy.name is unique across every policy type.
    validators: [
      unique("Policy with this name already exists.", (name, ctx) =>
        [...ctx.store.policies.values()].find((p) => p.name === name),
      ),
    ],
  },
  { name: "execution_logging", default: () => false, parse: boolean },
  { name: "expression", required: true, parse: string() },
];

/**
 * PolicySerializer as authentik renders it: to_representation resolves the subclass and answers with its serializer,
 * so policies/all/ and a binding's policy_obj carry `expression` too, which schema.yml's Policy model does not list.
 * bound_to counts the bindings that use the policy.
 */
export function serializePolicy(policy: ExpressionPolicyRow, store: Store) {
  return {
    pk: policy.pk,
    name: policy.name,
    execution_logging: policy.execution_logging,
    component: "ak-policy-expression-form",
    verbose_name: "Expression Policy",
    verbose_name_plural: "Expression Policies",
    meta_model_name: "authentik_policies_expression.expressionpolicy",
    bound_to: [...store.bindings.values()].filter((b) => b.policy === policy.pk).length,
    expression: policy.expression,
  };
}

const lookup = (store: Store, pk: string) => {
  const id = normaliseUuid(pk);
  return id === undefined ? undefined : store.policies.get(id);
};

export const expressionPolicySpec: ResourceSpec<ExpressionPolicyRow> = {
  model: "ExpressionPolicy",
  rows: (store) => [...store.policies.values()],
  lookup,
  serialize: (policy, request: ApiRequest) => serializePolicy(policy, request.store),
  filter: (rows, { query }) => {
    const logging = booleanParam(query, "execution_logging");
    return rows.filter(
      (p) =>
        (logging === undefined || p.execution_logging === logging) &&
        (!query.get("name") || p.name === query.get("name")) &&
        (!query.get("expression") || p.expression === query.get("expression")),
    );
  },
  searchFields: [(p) => p.name],
  ordering: ["name"],
  fields: FIELDS,
  insert: (values, store) => {
    const policy = { pk: uuid4(), ...values } as ExpressionPolicyRow;
    store.policies.set(policy.pk, policy);
    return policy;
  },
  // PolicyBinding.policy is a ForeignKey with on_delete=CASCADE.
  remove: (policy, store) => {
    store.policies.delete(policy.pk);
    for (const binding of [...store.bindings.values()]) {
      if (binding.policy === policy.pk) store.bindings.delete(binding.pk);
    }
  },
};

export const policyAllSpec: ResourceSpec<ExpressionPolicyRow> = {
  model: "Policy",
  rows: (store) => [...store.policies.values()],
  lookup,
  serialize: (policy, request) => serializePolicy(policy, request.store),
  ordering: ["name"],
};

export const expressionPolicyHandlers = resourceHandlers(expressionPolicySpec, "policy_uuid");
export const policyAllHandlers = resourceHandlers(policyAllSpec, "policy_uuid");
