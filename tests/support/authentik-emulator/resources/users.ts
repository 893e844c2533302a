// core/users/ (authentik/core/api/users.py), read side only: list (username, email, groups_by_name, ...) and
// retrieve by integer pk. Users are added through `store.addUser`, as `ak` or the admin UI would.
import { md5Hex } from "../ids";
import type { ApiRequest } from "../http-types";
import { booleanParam, multiParam } from "../pagination";
import { type ResourceSpec, resourceHandlers } from "../resource";
import type { UserRow } from "../types";
import { partialGroup } from "./nested";

/** get_avatar with the default "gravatar,initials": the gravatar URL for the address. */
const avatar = (user: UserRow): string =>
  `https://www.gravatar.com/avatar/${md5Hex(user.email.toLowerCase())}?size=158&rating=g&default=404`;

export function serializeUser(user: UserRow, request: ApiRequest) {
  const { store } = request;
  const groups = store.groupsOfUser(user.pk);
  return {
    pk: user.pk,
    username: user.username,
    name: user.name,
    is_active: user.is_active,
    last_login: user.last_login,
    date_joined: user.date_joined,
    is_superuser: store.isSuperuser(user.pk),
    groups: groups.map((g) => g.pk),
    groups_obj: (booleanParam(request.query, "include_groups") ?? true) ? groups.map(partialGroup) : null,
    roles: [],
    roles_obj: (booleanParam(request.query, "include_roles") ?? true) ? [] : null,
    email: user.email,
    avatar: avatar(user),
    attributes: user.attributes,
    uid: store.uidOf(user),
    path: user.path,
    type: user.type,
    uuid: user.uuid,
    password_change_date: user.password_change_date,
    last_updated: user.last_updated,
  };
}

const EXACT = ["username", "email", "name", "uuid", "path", "type"] as const;

export const userSpec: ResourceSpec<UserRow> = {
  model: "User",
  rows: (store) => [...store.users.values()],
  lookup: (store, id) => (/^\d+$/.test(id) ? store.users.get(Number(id)) : undefined),
  serialize: serializeUser,
  filter: (rows, { query, store }) => {
    const active = booleanParam(query, "is_active");
    const superuser = booleanParam(query, "is_superuser");
    const groupNames = multiParam(query, "groups_by_name");
    const groupPks = multiParam(query, "groups_by_pk");
    return rows.filter((user) => {
      const groups = store.groupsOfUser(user.pk);
      return (
        EXACT.every((field) => !query.has(field) || String(user[field]) === query.get(field)) &&
        (active === undefined || user.is_active === active) &&
        (superuser === undefined || store.isSuperuser(user.pk) === superuser) &&
        (!query.get("path_startswith") || user.path.startsWith(query.get("path_startswith")!)) &&
        (groupNames.length === 0 || groups.some((g) => groupNames.includes(g.name))) &&
        (groupPks.length === 0 || groups.some((g) => groupPks.includes(g.pk)))
      );
    });
  },
  searchFields: [(u) => u.username, (u) => u.name, (u) => u.email],
  ordering: ["username"],
};

export const userHandlers = resourceHandlers(userSpec, "id");
