// providers/all/ (authentik/core/api/providers.py): every provider as the generic Provider, with
// application__isnull and backchannel filters; destroy removes it like the typed endpoint.
import { booleanParam } from "../pagination";
import { type ResourceSpec, resourceHandlers } from "../resource";
import type { OAuth2ProviderRow } from "../types";
import { providerBase } from "./nested";
import { removeProvider } from "./oauth2-providers";

export const providerAllSpec: ResourceSpec<OAuth2ProviderRow> = {
  model: "Provider",
  rows: (store) => [...store.providers.values()],
  lookup: (store, id) => (/^\d+$/.test(id) ? store.providers.get(Number(id)) : undefined),
  serialize: (provider, request) => providerBase(provider, request.store),
  filter: (rows, { query, store }) => {
    const unbound = booleanParam(query, "application__isnull");
    const backchannel = booleanParam(query, "backchannel");
    return rows.filter(
      (p) =>
        (unbound === undefined || (store.applicationOfProvider(p.pk) === undefined) === unbound) &&
        (backchannel === undefined || (store.backchannelApplicationOf(p.pk) !== undefined) === backchannel),
    );
  },
  searchFields: [(p) => p.name],
  ordering: ["pk"],
  remove: (provider, store) => removeProvider(provider.pk, store),
};

export const providerAllHandlers = resourceHandlers(providerAllSpec, "id");
