package provider

import "encoding/json"

// Server answers shaped like authentik 2026.5's (every property the OpenAPI schema marks required is
// present, so the stand-in's response checks accept them); over replaces or adds fields.

const (
	flowAuthz   = "6a1f4f6e-0000-4000-8000-00000000a001"
	flowInval   = "6a1f4f6e-0000-4000-8000-00000000a002"
	mappingA    = "5c0b0000-0000-4000-8000-0000000000aa"
	mappingB    = "5c0b0000-0000-4000-8000-0000000000bb"
	mappingC    = "5c0b0000-0000-4000-8000-0000000000cc"
	appUUID     = "a2b00000-0000-4000-8000-000000000001"
	bindingUUID = "b1d00000-0000-4000-8000-000000000001"
	groupUUID   = "9a000000-0000-4000-8000-000000000001"
	keyPairUUID = "c3000000-0000-4000-8000-000000000001"
)

func oauth2ProviderObj(over map[string]any) map[string]any {
	return merged(map[string]any{
		"pk": 7, "name": "mailcow", "authentication_flow": nil, "authorization_flow": flowAuthz,
		"invalidation_flow": flowInval, "property_mappings": []string{}, "component": "ak-provider-oauth2-form",
		"assigned_application_slug": nil, "assigned_application_name": nil,
		"assigned_backchannel_application_slug": nil, "assigned_backchannel_application_name": nil,
		"verbose_name": "OAuth2/OpenID Provider", "verbose_name_plural": "OAuth2/OpenID Providers",
		"meta_model_name": "authentik_providers_oauth2.oauth2provider", "client_type": "confidential",
		"grant_types": []string{"authorization_code", "refresh_token"}, "client_id": "mailcow",
		"client_secret": "server-generated-secret", "access_code_validity": "minutes=1",
		"access_token_validity": "minutes=10", "refresh_token_validity": "days=30",
		"refresh_token_threshold": "seconds=0", "include_claims_in_id_token": true, "signing_key": nil,
		"encryption_key": nil, "redirect_uris": []any{}, "logout_uri": "", "logout_method": "backchannel",
		"sub_mode": "hashed_user_id", "issuer_mode": "per_provider", "jwt_federation_sources": []string{},
		"jwt_federation_providers": []int{},
	}, over)
}

func applicationObj(over map[string]any) map[string]any {
	return merged(map[string]any{
		"pk": appUUID, "name": "Mailcow", "slug": "mailcow", "provider": 7, "provider_obj": nil,
		"backchannel_providers": []int{}, "backchannel_providers_obj": []any{}, "launch_url": nil,
		"open_in_new_tab": false, "meta_launch_url": "", "meta_icon": nil, "meta_icon_url": nil,
		"meta_icon_themed_urls": nil, "meta_description": "", "meta_publisher": "", "policy_engine_mode": "any",
		"group": "", "meta_hide": false,
	}, over)
}

func bindingObj(over map[string]any) map[string]any {
	return merged(map[string]any{
		"pk": bindingUUID, "policy": nil, "group": groupUUID, "user": nil, "policy_obj": nil,
		"group_obj": map[string]any{"pk": groupUUID, "num_pk": 1, "name": "mail-users"}, "user_obj": nil,
		"target": appUUID, "negate": false, "enabled": true, "order": 0, "timeout": 30, "failure_result": false,
	}, over)
}

func scopeObj(over map[string]any) map[string]any {
	return merged(map[string]any{
		"pk": mappingA, "managed": nil, "name": "mailcow_template", "expression": "return {}",
		"component": "ak-property-mapping-provider-scope-form", "verbose_name": "Scope Mapping",
		"verbose_name_plural": "Scope Mappings", "meta_model_name": "authentik_providers_oauth2.scopemapping",
		"scope_name": "mailcow_template", "description": "",
	}, over)
}

func groupObj(over map[string]any) map[string]any {
	return merged(map[string]any{
		"pk": groupUUID, "num_pk": 1, "name": "mail-users", "is_superuser": false, "parents": []string{},
		"parents_obj": nil, "users": []int{4}, "users_obj": nil, "attributes": map[string]any{},
		"roles": []string{}, "roles_obj": []any{}, "inherited_roles_obj": nil, "children": []string{},
		"children_obj": nil,
	}, over)
}

func userObj(over map[string]any) map[string]any {
	return merged(map[string]any{
		"pk": 4, "username": "alice", "name": "Alice", "is_active": true,
		"last_login": "2026-06-01T10:00:00.123456Z", "date_joined": "2026-01-02T03:04:05Z",
		"is_superuser": false, "groups": []string{groupUUID}, "groups_obj": nil, "roles": []string{},
		"roles_obj": nil, "email": "alice@example.org", "avatar": "https://example.org/a.png",
		"attributes": map[string]any{"mailcow_template": "default"}, "uid": "u-4", "path": "users",
		"type": "internal", "uuid": "d4000000-0000-4000-8000-000000000004",
		"password_change_date": "2026-01-02T03:04:05Z", "last_updated": "2026-01-02T03:04:05Z",
	}, over)
}

func keyPairObj(over map[string]any) map[string]any {
	return merged(map[string]any{
		"pk": keyPairUUID, "name": "authentik Self-signed Certificate", "fingerprint_sha256": "AA:BB",
		"fingerprint_sha1": "CC:DD", "cert_expiry": "2027-06-01T00:00:00Z", "cert_subject": "CN=authentik",
		"private_key_available": true, "key_type": "rsa", "certificate_download_url": "/dl/cert",
		"private_key_download_url": "/dl/key", "managed": nil,
	}, over)
}

func flowObj(over map[string]any) map[string]any {
	return merged(map[string]any{
		"pk": flowAuthz, "policybindingmodel_ptr_id": flowAuthz, "name": "Authorize Application",
		"slug": "default-provider-authorization-implicit-consent", "title": "Redirecting",
		"designation": "authorization", "background_url": "/static/bg.jpg", "background_themed_urls": nil,
		"stages": []string{}, "policies": []string{}, "cache_count": 0, "export_url": "/export",
		"authentication": "require_authenticated",
	}, over)
}

func paginated(results ...map[string]any) map[string]any {
	return map[string]any{
		"pagination": map[string]any{"next": 0, "previous": 0, "count": len(results), "current": 1,
			"total_pages": 1, "start_index": 1, "end_index": len(results)},
		"results":      results,
		"autocomplete": map[string]any{},
	}
}

func mustJSON(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(raw)
}
