// Serializers other resources embed: PartialUser, PartialGroup, RelatedGroup and the generic Provider.
import type { Store } from "../store";
import type { GroupRow, OAuth2ProviderRow, UserRow } from "../types";

export const partialUser = (user: UserRow, store: Store) => ({
  pk: user.pk,
  username: user.username,
  name: user.name,
  is_active: user.is_active,
  last_login: user.last_login,
  email: user.email,
  attributes: user.attributes,
  uid: store.uidOf(user),
});

export const partialGroup = (group: GroupRow) => ({
  pk: group.pk,
  num_pk: group.num_pk,
  name: group.name,
  is_superuser: group.is_superuser,
  attributes: group.attributes,
});

export const relatedGroup = (group: GroupRow) => ({
  pk: group.pk,
  name: group.name,
  is_superuser: group.is_superuser,
  attributes: group.attributes,
  group_uuid: group.pk,
});

/** authentik's ProviderSerializer, which every provider type extends (and providers/all returns). */
export function providerBase(provider: OAuth2ProviderRow, store: Store) {
  const application = store.applicationOfProvider(provider.pk);
  const backchannel = store.backchannelApplicationOf(provider.pk);
  return {
    pk: provider.pk,
    name: provider.name,
    authentication_flow: provider.authentication_flow,
    authorization_flow: provider.authorization_flow,
    invalidation_flow: provider.invalidation_flow,
    property_mappings: provider.property_mappings,
    component: "ak-provider-oauth2-form",
    assigned_application_slug: application?.slug ?? null,
    assigned_application_name: application?.name ?? null,
    assigned_backchannel_application_slug: backchannel?.slug ?? null,
    assigned_backchannel_application_name: backchannel?.name ?? null,
    verbose_name: "OAuth2/OpenID Provider",
    verbose_name_plural: "OAuth2/OpenID Providers",
    meta_model_name: "authentik_providers_oauth2.oauth2provider",
  };
}
