// policies/bindings/ (authentik/policies/api/bindings.py): CRUD by uuid. Exactly one of policy, group or user;
// the target is any PolicyBindingModel (here: applications and flows), named by its own pk.
import { uuid4 } from "../ids";
import type { ApiRequest } from "../http-types";
import { booleanParam, invalidChoice, multiParam } from "../pagination";
import { type ResourceSpec, resourceHandlers } from "../resource";
import type { PolicyBindingRow } from "../types";
import { type FieldSpec, boolean, integer, intRef, normaliseUuid, uuidRef } from "../validation";
import { partialGroup, partialUser } from "./nested";
import { serializePolicy } from "./policies";

const INT32 = { min: -2147483648, max: 2147483647 };

const FIELDS: FieldSpec[] = [
  // Expression policies are the only policy type emulated.
  { name: "policy", allowNull: true, default: () => null, parse: uuidRef((store, pk) => store.policies.has(pk)) },
  { name: "group", allowNull: true, default: () => null, parse: uuidRef((store, pk) => store.groups.has(pk)) },
  { name: "user", allowNull: true, default: () => null, parse: intRef((store, pk) => store.users.has(pk)) },
  {
    name: "target",
    required: true,
    parse: uuidRef((store, pk) => store.applications.has(pk) || store.flows.has(pk)),
  },
  { name: "negate", default: () => false, parse: boolean },
  { name: "enabled", default: () => true, parse: boolean },
  { name: "order", required: true, parse: integer(INT32) },
  { name: "timeout", default: () => 30, parse: integer({ min: 0, max: INT32.max }) },
  { name: "failure_result", default: () => false, parse: boolean },
];

export function serializeBinding(binding: PolicyBindingRow, request: ApiRequest) {
  const { store } = request;
  const group = binding.group === null ? undefined : store.groups.get(binding.group);
  const user = binding.user === null ? undefined : store.users.get(binding.user);
  const policy = binding.policy === null ? undefined : store.policies.get(binding.policy);
  return {
    pk: binding.pk,
    policy: binding.policy,
    group: binding.group,
    user: binding.user,
    policy_obj: policy ? serializePolicy(policy, store) : null,
    group_obj: group ? partialGroup(group) : null,
    user_obj: user ? partialUser(user, store) : null,
    target: binding.target,
    negate: binding.negate,
    enabled: binding.enabled,
    order: binding.order,
    timeout: binding.timeout,
    failure_result: binding.failure_result,
  };
}

export const bindingSpec: ResourceSpec<PolicyBindingRow> = {
  model: "PolicyBinding",
  rows: (store) => [...store.bindings.values()],
  lookup: (store, pk) => {
    const id = normaliseUuid(pk);
    return id === undefined ? undefined : store.bindings.get(id);
  },
  serialize: serializeBinding,
  filter: (rows, { query }) => {
    const target = query.get("target");
    const normalisedTarget = target === null ? undefined : normaliseUuid(target);
    if (target !== null && target !== "" && normalisedTarget === undefined) {
      return invalidChoice("target", "That choice");
    }
    const targets = multiParam(query, "target_in").map((pk) => normaliseUuid(pk));
    const policyIsNull = booleanParam(query, "policy__isnull");
    const enabled = booleanParam(query, "enabled");
    return rows.filter(
      (b) =>
        (normalisedTarget === undefined || b.target === normalisedTarget) &&
        (targets.length === 0 || targets.includes(b.target)) &&
        (policyIsNull === undefined || (b.policy === null) === policyIsNull) &&
        (enabled === undefined || b.enabled === enabled) &&
        (!query.get("policy") || b.policy === normaliseUuid(query.get("policy")!)) &&
        (!query.get("order") || String(b.order) === query.get("order")) &&
        (!query.get("timeout") || String(b.timeout) === query.get("timeout")),
    );
  },
  // search_fields = ["policy__name"]: not emulated (search fields see the row only), so a search matches nothing.
  searchFields: [() => ""],
  ordering: ["target", "order"],
  fields: FIELDS,
  validateObject: (values) => {
    const count = ["policy", "group", "user"].filter((key) => Boolean(values[key])).length;
    if (count > 1) return "Only one of 'policy', 'group' or 'user' can be set.";
    if (count < 1) return "One of 'policy', 'group' or 'user' must be set.";
    return undefined;
  },
  insert: (values, store) => {
    const binding = { pk: uuid4(), ...values } as PolicyBindingRow;
    store.bindings.set(binding.pk, binding);
    return binding;
  },
  remove: (binding, store) => void store.bindings.delete(binding.pk),
};

export const bindingHandlers = resourceHandlers(bindingSpec, "policy_binding_uuid");
