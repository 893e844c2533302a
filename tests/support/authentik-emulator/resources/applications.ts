// core/applications/: CRUD by slug (authentik/core/api/applications.py). The list answers only the applications
// the caller may access (policy bindings) unless a superuser asks for superuser_full_list=true.
import type { ApiRequest } from "../http-types";
import { booleanParam } from "../pagination";
import { passes } from "../policy-engine";
import { type ResourceSpec, resourceHandlers } from "../resource";
import type { Store } from "../store";
import type { ApplicationRow } from "../types";
import { boolean, choice, intRef, list, string, unique, url, type FieldSpec } from "../validation";
import { providerBase } from "./nested";
import { uuid4 } from "../ids";

/** Slugs the OAuth2 URL patterns use under /application/o/ (Application.reserved_slugs). */
export const RESERVED_SLUGS = ["authorize", "token", "device", "userinfo", "introspect", "revoke"];

const providerExists = (store: Store, pk: number): boolean => store.providers.has(pk);

const FIELDS: FieldSpec[] = [
  { name: "name", required: true, parse: string() },
  {
    name: "slug",
    required: true,
    parse: string({ pattern: /^[-a-zA-Z0-9_]+$/ }),
    validators: [
      unique("Application with this slug already exists.", (slug, ctx) => ctx.store.applicationBySlug(String(slug))),
      (slug) =>
        RESERVED_SLUGS.includes(String(slug))
          ? `The slug '${String(slug)}' is reserved and cannot be used for applications.`
          : undefined,
    ],
  },
  {
    name: "provider",
    allowNull: true,
    default: () => null,
    parse: intRef(providerExists),
    validators: [
      unique("Application with this provider already exists.", (pk, ctx) =>
        ctx.store.applicationOfProvider(Number(pk)),
      ),
    ],
  },
  { name: "backchannel_providers", default: () => [], parse: list(intRef(providerExists)) },
  { name: "open_in_new_tab", default: () => false, parse: boolean },
  { name: "meta_launch_url", default: () => "", parse: url({ allowBlank: true }) },
  { name: "meta_icon", default: () => "", parse: string({ allowBlank: true }) },
  { name: "meta_description", default: () => "", parse: string({ allowBlank: true }) },
  { name: "meta_publisher", default: () => "", parse: string({ allowBlank: true }) },
  { name: "policy_engine_mode", default: () => "any", parse: choice(["all", "any"]) },
  { name: "group", default: () => "", parse: string({ allowBlank: true }) },
  { name: "meta_hide", default: () => false, parse: boolean },
];

/** OAuth2Provider.launch_url: the first redirect URI without its path. */
function launchUrl(app: ApplicationRow, store: Store): string | null {
  if (app.meta_launch_url) return app.meta_launch_url;
  const provider = app.provider === null ? undefined : store.providers.get(app.provider);
  const first = provider?.redirect_uris[0];
  if (!first) return null;
  try {
    const target = new URL(first.url);
    return `${target.protocol}//${target.host}${target.search}${target.hash}`;
  } catch {
    return null;
  }
}

export function serializeApplication(app: ApplicationRow, request: ApiRequest) {
  const { store } = request;
  const provider = app.provider === null ? undefined : store.providers.get(app.provider);
  return {
    pk: app.pk,
    name: app.name,
    slug: app.slug,
    provider: app.provider,
    provider_obj: provider ? providerBase(provider, store) : null,
    backchannel_providers: app.backchannel_providers,
    backchannel_providers_obj: app.backchannel_providers
      .map((pk) => store.providers.get(pk))
      .filter((p) => p !== undefined)
      .map((p) => providerBase(p, store)),
    launch_url: launchUrl(app, store),
    open_in_new_tab: app.open_in_new_tab,
    meta_launch_url: app.meta_launch_url,
    meta_icon: app.meta_icon,
    meta_icon_url:
      app.meta_icon === "" ? null : /^https?:\/\//.test(app.meta_icon) ? app.meta_icon : `/media/${app.meta_icon}`,
    meta_icon_themed_urls: null,
    meta_description: app.meta_description,
    meta_publisher: app.meta_publisher,
    policy_engine_mode: app.policy_engine_mode,
    group: app.group,
    meta_hide: app.meta_hide,
  };
}

const exact = (query: URLSearchParams, name: string, value: string): boolean =>
  !query.has(name) || query.get(name) === value;

export const applicationSpec: ResourceSpec<ApplicationRow> = {
  model: "Application",
  rows: (store) => [...store.applications.values()],
  lookup: (store, slug) => store.applicationBySlug(slug),
  serialize: serializeApplication,
  filter: (rows, request) => {
    const { query, store, user } = request;
    const filtered = rows.filter((app) =>
      (["name", "slug", "group", "meta_launch_url", "meta_description", "meta_publisher"] as const).every((field) =>
        exact(query, field, app[field]),
      ),
    );
    const fullList = query.get("superuser_full_list")?.toLowerCase() === "true" && user && store.isSuperuser(user.pk);
    const visible = fullList
      ? filtered
      : filtered.filter((app) => user !== undefined && passes(store, app.pk, app.policy_engine_mode, user.pk));
    return booleanParam(query, "only_with_launch_url") === true && !fullList
      ? visible.filter((app) => launchUrl(app, store) !== null)
      : visible;
  },
  searchFields: [
    (a) => a.name,
    (a) => a.slug,
    (a) => a.meta_launch_url,
    (a) => a.meta_description,
    (a) => a.meta_publisher,
    (a) => a.group,
  ],
  ordering: ["name"],
  fields: FIELDS,
  insert: (values, store) => {
    const app = { pk: uuid4(), ...values } as ApplicationRow;
    store.applications.set(app.pk, app);
    return app;
  },
  remove: (app, store) => {
    store.applications.delete(app.pk);
    // PolicyBinding.target cascades.
    for (const binding of [...store.bindings.values()])
      if (binding.target === app.pk) store.bindings.delete(binding.pk);
  },
};

export const applicationHandlers = resourceHandlers(applicationSpec, "slug");
