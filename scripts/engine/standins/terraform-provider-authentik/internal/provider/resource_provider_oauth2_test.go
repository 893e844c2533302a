package provider

import (
	"context"
	"strings"
	"testing"
)

// What the real resource_provider_oauth2.go sends for a minimal config: required fields, every
// always-sent field at its default, the nullable flows/keys as null, lists as [], and no client_secret,
// logout_uri or grant_types.
func minimalOAuth2Body(over map[string]any) map[string]any {
	return merged(map[string]any{
		"name": "mailcow", "authorization_flow": flowAuthz, "invalidation_flow": flowInval,
		"authentication_flow": nil, "signing_key": nil, "encryption_key": nil,
		"access_code_validity": "minutes=1", "access_token_validity": "minutes=10",
		"refresh_token_validity": "days=30", "refresh_token_threshold": "seconds=0",
		"include_claims_in_id_token": true, "client_id": "mailcow", "issuer_mode": "per_provider",
		"sub_mode": "hashed_user_id", "client_type": "confidential", "property_mappings": []string{},
		"jwt_federation_sources": []string{}, "jwt_federation_providers": []int{}, "redirect_uris": []any{},
		"logout_method": "backchannel",
	}, over)
}

var minimalOAuth2Config = map[string]any{
	"name": "mailcow", "authorization_flow": flowAuthz, "invalidation_flow": flowInval, "client_id": "mailcow",
}

func TestProviderOAuth2CreateSendsTheRealRequestAndReadsBack(t *testing.T) {
	f := newFakeAPI(t)
	strict := map[string]any{"matching_mode": "strict", "url": "https://mail.example.org", "redirect_uri_type": "authorization"}
	config := merged(minimalOAuth2Config, map[string]any{
		"client_secret":         "s3cret",
		"property_mappings":     []any{mappingB, mappingA},
		"allowed_redirect_uris": []any{strict},
		"signing_key":           keyPairUUID,
	})
	// The server returns the mappings in its own order plus one more, and the redirect URI list as stored.
	f.on("POST", "/providers/oauth2/", 201, oauth2ProviderObj(map[string]any{"pk": 12}))
	f.on("GET", "/providers/oauth2/12/", 200, oauth2ProviderObj(map[string]any{
		"pk": 12, "client_secret": "s3cret", "signing_key": keyPairUUID,
		"property_mappings": []string{mappingA, mappingC, mappingB},
		"redirect_uris":     []any{strict},
	}))
	r, d := resourceData(t, "authentik_provider_oauth2", false, config)
	if diags := r.CreateContext(context.Background(), d, configured(t, f, nil)); diags.HasError() {
		t.Fatalf("create: %v", diags)
	}
	calls := f.calls()
	wantCount(t, calls, 2)
	wantCall(t, calls[0], "POST", "/providers/oauth2/", "", minimalOAuth2Body(map[string]any{
		"client_secret": "s3cret", "property_mappings": []string{mappingB, mappingA}, "signing_key": keyPairUUID,
		"redirect_uris": []any{strict},
	}))
	wantCall(t, calls[1], "GET", "/providers/oauth2/12/", "", nil)
	if d.Id() != "12" {
		t.Errorf("id = %q, want the pk as a string", d.Id())
	}
	wantAttrs(t, d, map[string]string{
		// order-preserving merge: configured order first, the server's extra entry appended
		"property_mappings.#": "3", "property_mappings.0": mappingB, "property_mappings.1": mappingA,
		"property_mappings.2":     mappingC,
		"allowed_redirect_uris.#": "1", "allowed_redirect_uris.0.redirect_uri_type": "authorization",
		"client_secret": "s3cret", "grant_types.#": "2", "grant_types.0": "authorization_code",
		"signing_key": keyPairUUID, "sub_mode": "hashed_user_id",
	})
}

func TestProviderOAuth2SendsOptionalFieldsOnlyWhenSet(t *testing.T) {
	f := newFakeAPI(t)
	config := merged(minimalOAuth2Config, map[string]any{
		"grant_types": []any{"authorization_code"}, "logout_uri": "https://mail.example.org/logout",
		"jwt_federation_providers": []any{3, 1}, "include_claims_in_id_token": false,
		"authentication_flow": flowAuthz, "jwks_sources": []any{"ignored"},
	})
	f.on("POST", "/providers/oauth2/", 201, oauth2ProviderObj(nil))
	f.on("GET", "/providers/oauth2/7/", 200, oauth2ProviderObj(nil))
	r, d := resourceData(t, "authentik_provider_oauth2", false, config)
	if diags := r.CreateContext(context.Background(), d, configured(t, f, nil)); diags.HasError() {
		t.Fatalf("create: %v", diags)
	}
	wantCall(t, f.calls()[0], "POST", "/providers/oauth2/", "", minimalOAuth2Body(map[string]any{
		"grant_types": []string{"authorization_code"}, "logout_uri": "https://mail.example.org/logout",
		"jwt_federation_providers": []int{3, 1}, "include_claims_in_id_token": false,
		"authentication_flow": flowAuthz,
	}))
}

// The read merge matches redirect URIs on (matching_mode, url, redirect_uri_type): an entry configured
// without a type does not match the typed entry a 2026.5 server returns, so the server's entry replaces it.
func TestProviderOAuth2RedirectURIMergeMatchesOnAllThreeKeys(t *testing.T) {
	f := newFakeAPI(t)
	untyped := map[string]any{"matching_mode": "strict", "url": "https://b.example.org"}
	regex := map[string]any{"matching_mode": "regex", "url": "https://a.example.org/.*", "redirect_uri_type": "logout"}
	config := merged(minimalOAuth2Config, map[string]any{"allowed_redirect_uris": []any{untyped, regex}})
	f.on("GET", "/providers/oauth2/7/", 200, oauth2ProviderObj(map[string]any{"redirect_uris": []any{
		map[string]any{"matching_mode": "strict", "url": "https://b.example.org", "redirect_uri_type": "authorization"},
		regex,
	}}))
	r, d := resourceData(t, "authentik_provider_oauth2", false, config)
	d.SetId("7")
	if diags := r.ReadContext(context.Background(), d, configured(t, f, nil)); diags.HasError() {
		t.Fatalf("read: %v", diags)
	}
	wantAttrs(t, d, map[string]string{
		"allowed_redirect_uris.#":                   "2",
		"allowed_redirect_uris.0.url":               "https://a.example.org/.*",
		"allowed_redirect_uris.0.redirect_uri_type": "logout",
		"allowed_redirect_uris.1.url":               "https://b.example.org",
		"allowed_redirect_uris.1.redirect_uri_type": "authorization",
	})
}

func TestProviderOAuth2UntypedRedirectURIStaysUntyped(t *testing.T) {
	f := newFakeAPI(t)
	untyped := map[string]any{"matching_mode": "strict", "url": "https://b.example.org"}
	f.on("GET", "/providers/oauth2/7/", 200, oauth2ProviderObj(map[string]any{"redirect_uris": []any{untyped}}))
	r, d := resourceData(t, "authentik_provider_oauth2", false, merged(minimalOAuth2Config, map[string]any{"allowed_redirect_uris": []any{untyped}}))
	d.SetId("7")
	if diags := r.ReadContext(context.Background(), d, configured(t, f, nil)); diags.HasError() {
		t.Fatalf("read: %v", diags)
	}
	got := stateAttrs(d)
	if got["allowed_redirect_uris.0.%"] != "2" || got["allowed_redirect_uris.0.redirect_uri_type"] != "" {
		t.Errorf("entry without a server type must keep only matching_mode and url, got %v", got)
	}
}

func TestProviderOAuth2UpdateUsesPutAndDeleteUsesDelete(t *testing.T) {
	f := newFakeAPI(t)
	f.on("PUT", "/providers/oauth2/7/", 200, oauth2ProviderObj(nil))
	f.on("GET", "/providers/oauth2/7/", 200, oauth2ProviderObj(nil))
	f.on("DELETE", "/providers/oauth2/7/", 204, nil)
	r, d := resourceData(t, "authentik_provider_oauth2", false, merged(minimalOAuth2Config, map[string]any{"client_secret": "s3cret"}))
	d.SetId("7")
	meta := configured(t, f, nil)
	if diags := r.UpdateContext(context.Background(), d, meta); diags.HasError() {
		t.Fatalf("update: %v", diags)
	}
	if diags := r.DeleteContext(context.Background(), d, meta); diags.HasError() {
		t.Fatalf("delete: %v", diags)
	}
	calls := f.calls()
	wantCount(t, calls, 3)
	wantCall(t, calls[0], "PUT", "/providers/oauth2/7/", "", minimalOAuth2Body(map[string]any{"client_secret": "s3cret"}))
	wantCall(t, calls[1], "GET", "/providers/oauth2/7/", "", nil)
	wantCall(t, calls[2], "DELETE", "/providers/oauth2/7/", "", nil)
}

func TestProviderOAuth2ImportByPkReadsEverything(t *testing.T) {
	f := newFakeAPI(t)
	f.on("GET", "/providers/oauth2/7/", 200, oauth2ProviderObj(map[string]any{"property_mappings": []string{mappingC, mappingA}}))
	r, d := resourceData(t, "authentik_provider_oauth2", false, map[string]any{})
	d.SetId("7")
	meta := configured(t, f, nil)
	imported, err := r.Importer.StateContext(context.Background(), d, meta)
	if err != nil || len(imported) != 1 {
		t.Fatalf("import: %v %v", imported, err)
	}
	if diags := r.ReadContext(context.Background(), imported[0], meta); diags.HasError() {
		t.Fatalf("read: %v", diags)
	}
	wantAttrs(t, imported[0], map[string]string{"id": "7", "name": "mailcow", "client_id": "mailcow",
		"client_secret": "server-generated-secret", "property_mappings.0": mappingC, "property_mappings.1": mappingA})
}

func TestProviderOAuth2NonNumericIDFailsBeforeAnyCall(t *testing.T) {
	f := newFakeAPI(t)
	r, d := resourceData(t, "authentik_provider_oauth2", false, minimalOAuth2Config)
	d.SetId("mailcow")
	diags := r.ReadContext(context.Background(), d, configured(t, f, nil))
	if !diags.HasError() || !strings.Contains(diags[0].Summary, `parsing "mailcow": invalid syntax`) {
		t.Fatalf("want strconv error, got %v", diags)
	}
	wantCount(t, f.calls(), 0)
}

// The real provider panics on a map entry without matching_mode or url (e.g. camelCase keys); the
// stand-in refuses with a diagnostic naming the entry, before any request.
func TestProviderOAuth2MissingRedirectKeyIsAnError(t *testing.T) {
	f := newFakeAPI(t)
	config := merged(minimalOAuth2Config, map[string]any{"allowed_redirect_uris": []any{
		map[string]any{"matchingMode": "strict", "url": "https://mail.example.org"},
	}})
	r, d := resourceData(t, "authentik_provider_oauth2", false, config)
	diags := r.CreateContext(context.Background(), d, configured(t, f, nil))
	if !diags.HasError() || !strings.Contains(diags[0].Summary, `allowed_redirect_uris[0] needs the keys "matching_mode" and "url"`) ||
		!strings.Contains(diags[0].Summary, "matchingMode") {
		t.Fatalf("want a clear diagnostic, got %v", diags)
	}
	wantCount(t, f.calls(), 0)
}
