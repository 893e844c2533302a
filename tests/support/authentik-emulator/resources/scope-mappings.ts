// propertymappings/provider/scope/ (authentik/providers/oauth2/api/scopes.py): CRUD by uuid, filters managed
// (repeatable, any of), managed__isnull, name and scope_name. Expressions are stored, not compiled.
import { uuid4 } from "../ids";
import type { ApiRequest } from "../http-types";
import { booleanParam, multiParam } from "../pagination";
import { type ResourceSpec, resourceHandlers } from "../resource";
import type { ScopeMappingRow } from "../types";
import { type FieldSpec, normaliseUuid, string, unique } from "../validation";

const FIELDS: FieldSpec[] = [
  {
    name: "managed",
    allowNull: true,
    default: () => null,
    parse: string(),
    validators: [
      unique("Property Mapping with this Managed by authentik already exists.", (managed, ctx) =>
        ctx.store.scopeMappingByManaged(String(managed)),
      ),
    ],
  },
  {
    name: "name",
    required: true,
    parse: string(),
    validators: [
      unique("Property Mapping with this name already exists.", (name, ctx) =>
        [...ctx.store.scopeMappings.values()].find((m) => m.name === name),
      ),
    ],
  },
  { name: "expression", required: true, parse: string() },
  { name: "scope_name", required: true, parse: string() },
  { name: "description", default: () => "", parse: string({ allowBlank: true }) },
];

export const serializeScopeMapping = (mapping: ScopeMappingRow, _request?: ApiRequest) => ({
  pk: mapping.pk,
  managed: mapping.managed,
  name: mapping.name,
  expression: mapping.expression,
  component: "ak-property-mapping-provider-scope-form",
  verbose_name: "Scope Mapping",
  verbose_name_plural: "Scope Mappings",
  meta_model_name: "authentik_providers_oauth2.scopemapping",
  scope_name: mapping.scope_name,
  description: mapping.description,
});

export const scopeMappingSpec: ResourceSpec<ScopeMappingRow> = {
  model: "ScopeMapping",
  rows: (store) => [...store.scopeMappings.values()],
  lookup: (store, pk) => {
    const id = normaliseUuid(pk);
    return id === undefined ? undefined : store.scopeMappings.get(id);
  },
  serialize: serializeScopeMapping,
  filter: (rows, { query }) => {
    const managed = multiParam(query, "managed");
    const isNull = booleanParam(query, "managed__isnull");
    return rows.filter(
      (m) =>
        (managed.length === 0 || (m.managed !== null && managed.includes(m.managed))) &&
        (isNull === undefined || (m.managed === null) === isNull) &&
        (!query.has("name") || m.name === query.get("name")) &&
        (!query.has("scope_name") || m.scope_name === query.get("scope_name")),
    );
  },
  searchFields: [(m) => m.name],
  ordering: ["scope_name", "name"],
  fields: FIELDS,
  insert: (values, store) => {
    const mapping = { pk: uuid4(), ...values } as ScopeMappingRow;
    store.scopeMappings.set(mapping.pk, mapping);
    return mapping;
  },
  remove: (mapping, store) => {
    store.scopeMappings.delete(mapping.pk);
    for (const provider of store.providers.values()) {
      provider.property_mappings = provider.property_mappings.filter((pk) => pk !== mapping.pk);
    }
  },
};

export const scopeMappingHandlers = resourceHandlers(scopeMappingSpec, "pm_uuid");
