// core/groups/ (authentik/core/api/groups.py): CRUD by uuid. include_users (default true) embeds members,
// include_parents/include_children/include_inherited_roles (default false) embed the rest; off means null.
import { uuid4 } from "../ids";
import type { ApiRequest } from "../http-types";
import { booleanParam, multiParam } from "../pagination";
import { type ResourceSpec, resourceHandlers } from "../resource";
import type { GroupRow } from "../types";
import { type FieldSpec, anyJson, boolean, intRef, list, normaliseUuid, string, unique, uuidRef } from "../validation";
import { partialUser, relatedGroup } from "./nested";

const FIELDS: FieldSpec[] = [
  {
    name: "name",
    required: true,
    parse: string(),
    validators: [
      unique("Group with this name already exists.", (name, ctx) =>
        [...ctx.store.groups.values()].find((g) => g.name === name),
      ),
    ],
  },
  { name: "is_superuser", default: () => false, parse: boolean },
  { name: "parents", default: () => [], parse: list(uuidRef((store, pk) => store.groups.has(pk))) },
  { name: "users", default: () => [], parse: list(intRef((store, pk) => store.users.has(pk))) },
  { name: "attributes", default: () => ({}), parse: anyJson },
  // Roles are not emulated: any role pk is one that does not exist.
  { name: "roles", default: () => [], parse: list(uuidRef(() => false)) },
];

const flag = (request: ApiRequest, name: string, fallback: boolean): boolean =>
  booleanParam(request.query, name) ?? fallback;

export function serializeGroup(group: GroupRow, request: ApiRequest) {
  const { store } = request;
  const children = [...store.groups.values()].filter((g) => g.parents.includes(group.pk));
  return {
    pk: group.pk,
    num_pk: group.num_pk,
    name: group.name,
    is_superuser: group.is_superuser,
    parents: group.parents,
    parents_obj: flag(request, "include_parents", false)
      ? group.parents
          .map((pk) => store.groups.get(pk))
          .filter((g) => g !== undefined)
          .map(relatedGroup)
      : null,
    users: group.users,
    users_obj: flag(request, "include_users", true)
      ? group.users
          .map((pk) => store.users.get(pk))
          .filter((u) => u !== undefined)
          .map((u) => partialUser(u, store))
      : null,
    attributes: group.attributes,
    roles: group.roles,
    roles_obj: [],
    inherited_roles_obj: flag(request, "include_inherited_roles", false) ? [] : null,
    children: children.map((g) => g.pk),
    children_obj: flag(request, "include_children", false) ? children.map(relatedGroup) : null,
  };
}

export const groupSpec: ResourceSpec<GroupRow> = {
  model: "Group",
  rows: (store) => [...store.groups.values()],
  lookup: (store, pk) => {
    const id = normaliseUuid(pk);
    return id === undefined ? undefined : store.groups.get(id);
  },
  serialize: serializeGroup,
  filter: (rows, { query, store }) => {
    const superuser = booleanParam(query, "is_superuser");
    const byPk = multiParam(query, "members_by_pk").map(Number);
    const byName = multiParam(query, "members_by_username");
    return rows.filter(
      (g) =>
        (!query.has("name") || g.name === query.get("name")) &&
        (superuser === undefined || g.is_superuser === superuser) &&
        (byPk.length === 0 || g.users.some((pk) => byPk.includes(pk))) &&
        (byName.length === 0 || g.users.some((pk) => byName.includes(store.users.get(pk)?.username ?? ""))),
    );
  },
  searchFields: [(g) => g.name],
  ordering: ["name"],
  fields: FIELDS,
  insert: (values, store) => {
    const group = { pk: uuid4(), num_pk: store.nextGroupNumPk(), ...values } as GroupRow;
    store.groups.set(group.pk, group);
    return group;
  },
  remove: (group, store) => {
    store.groups.delete(group.pk);
    for (const other of store.groups.values()) other.parents = other.parents.filter((pk) => pk !== group.pk);
    // PolicyBinding.group cascades.
    for (const binding of [...store.bindings.values()])
      if (binding.group === group.pk) store.bindings.delete(binding.pk);
  },
};

export const groupHandlers = resourceHandlers(groupSpec, "group_uuid");
