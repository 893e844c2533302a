package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
)

func readData(t *testing.T, f *fakeAPI, kind string, config map[string]any) (*schema.ResourceData, diag.Diagnostics) {
	t.Helper()
	r, d := resourceData(t, kind, true, config)
	return d, r.ReadContext(context.Background(), d, configured(t, f, nil))
}

func mustReadData(t *testing.T, f *fakeAPI, kind string, config map[string]any) *schema.ResourceData {
	t.Helper()
	d, diags := readData(t, f, kind, config)
	if diags.HasError() {
		t.Fatalf("%s: %v", kind, diags)
	}
	return d
}

func TestFlowDataSourceFiltersBySlugAndDesignation(t *testing.T) {
	f := newFakeAPI(t)
	f.on("GET", "/flows/instances/", 200, paginated(flowObj(nil), flowObj(map[string]any{"pk": flowInval})))
	d := mustReadData(t, f, "authentik_flow", map[string]any{"slug": "default-provider-authorization-implicit-consent", "designation": "authorization"})
	wantCall(t, f.calls()[0], "GET", "/flows/instances/", "designation=authorization&slug=default-provider-authorization-implicit-consent", nil)
	wantAttrs(t, d, map[string]string{"id": flowAuthz, "title": "Redirecting", "authentication": "require_authenticated",
		"designation": "authorization"})

	f.on("GET", "/flows/instances/", 200, paginated())
	if _, diags := readData(t, f, "authentik_flow", map[string]any{"slug": "nope"}); !diags.HasError() || diags[0].Summary != "No matching flows found" {
		t.Errorf("empty result: got %v", diags)
	}
}

func TestCertificateKeyPairDataSourceFetchesKeyUnlessTold(t *testing.T) {
	f := newFakeAPI(t)
	path := "/crypto/certificatekeypairs/" + keyPairUUID + "/"
	f.on("GET", "/crypto/certificatekeypairs/", 200, paginated(keyPairObj(nil)))
	f.on("GET", path+"view_certificate/", 200, map[string]any{"data": "CERT"})
	f.on("GET", path+"view_private_key/", 200, map[string]any{"data": "KEY"})
	d := mustReadData(t, f, "authentik_certificate_key_pair", map[string]any{"name": "authentik Self-signed Certificate"})
	calls := f.calls()
	wantCount(t, calls, 3)
	wantCall(t, calls[0], "GET", "/crypto/certificatekeypairs/", "name=authentik+Self-signed+Certificate", nil)
	wantCall(t, calls[2], "GET", path+"view_private_key/", "", nil)
	wantAttrs(t, d, map[string]string{"id": keyPairUUID, "key_data": "KEY\n", "certificate_data": "CERT\n",
		"expiry": "2027-06-01 00:00:00 +0000 UTC", "fingerprint256": "AA:BB", "subject": "CN=authentik"})

	f.reset()
	d = mustReadData(t, f, "authentik_certificate_key_pair", map[string]any{"name": "kp", "fetch_key": false, "fetch_certificate": false})
	wantCount(t, f.calls(), 1)
	wantAttrs(t, d, map[string]string{"key_data": ""})
}

func TestScopeMappingDataSourceByManagedList(t *testing.T) {
	f := newFakeAPI(t)
	f.on("GET", "/propertymappings/provider/scope/", 200, paginated(scopeObj(nil), scopeObj(map[string]any{"pk": mappingB})))
	d := mustReadData(t, f, "authentik_property_mapping_provider_scope", map[string]any{"managed_list": []any{
		"goauthentik.io/providers/oauth2/scope-openid", "goauthentik.io/providers/oauth2/scope-profile"}})
	wantCall(t, f.calls()[0], "GET", "/propertymappings/provider/scope/",
		"managed=goauthentik.io%2Fproviders%2Foauth2%2Fscope-openid&managed=goauthentik.io%2Fproviders%2Foauth2%2Fscope-profile", nil)
	wantAttrs(t, d, map[string]string{"id": "-1", "ids.#": "2", "ids.0": mappingA, "ids.1": mappingB, "expression": ""})

	f.reset()
	d = mustReadData(t, f, "authentik_property_mapping_provider_scope", map[string]any{"managed": "goauthentik.io/providers/oauth2/scope-email", "scope_name": "email"})
	wantCall(t, f.calls()[0], "GET", "/propertymappings/provider/scope/", "managed=goauthentik.io%2Fproviders%2Foauth2%2Fscope-email&scope_name=email", nil)
	wantAttrs(t, d, map[string]string{"id": mappingA, "name": "mailcow_template", "expression": "return {}"})
}

func TestGroupDataSourceByPkAndByName(t *testing.T) {
	f := newFakeAPI(t)
	member := map[string]any{"pk": 4, "username": "alice", "name": "Alice", "uid": "u-4", "is_active": true,
		"last_login": nil, "email": "alice@example.org", "attributes": map[string]any{"x": "<y>"}}
	f.on("GET", "/core/groups/"+groupUUID+"/", 200, groupObj(map[string]any{"users_obj": []any{member}}))
	d := mustReadData(t, f, "authentik_group", map[string]any{"pk": groupUUID})
	wantCall(t, f.calls()[0], "GET", "/core/groups/"+groupUUID+"/", "include_users=true", nil)
	wantAttrs(t, d, map[string]string{"id": groupUUID, "num_pk": "1", "users.0": "4", "users_obj.0.username": "alice",
		"users_obj.0.last_login": "", "users_obj.0.attributes": `{"x":"\u003cy\u003e"}`, "attributes": "{}", "parent_name": ""})

	f.reset()
	f.on("GET", "/core/groups/", 200, paginated(groupObj(nil), groupObj(map[string]any{"pk": mappingC})))
	_, diags := readData(t, f, "authentik_group", map[string]any{"name": "mail-users", "include_users": false})
	wantCall(t, f.calls()[0], "GET", "/core/groups/", "include_users=false&name=mail-users", nil)
	if !diags.HasError() || diags[0].Summary != "Multiple groups found" {
		t.Errorf("two matches: got %v", diags)
	}
}

func TestUserDataSourceByPkAndByUsername(t *testing.T) {
	f := newFakeAPI(t)
	f.on("GET", "/core/users/4/", 200, userObj(nil))
	d := mustReadData(t, f, "authentik_user", map[string]any{"pk": 4})
	wantCall(t, f.calls()[0], "GET", "/core/users/4/", "", nil)
	wantAttrs(t, d, map[string]string{"id": "4", "username": "alice", "last_login": "2026-06-01T10:00:00.123456Z",
		"date_joined": "2026-01-02T03:04:05Z", "attributes": `{"mailcow_template":"default"}`, "groups.0": groupUUID,
		"type": "internal", "path": "users"})

	f.reset()
	f.on("GET", "/core/users/", 200, paginated())
	_, diags := readData(t, f, "authentik_user", map[string]any{"username": "bob"})
	wantCall(t, f.calls()[0], "GET", "/core/users/", "username=bob", nil)
	if !diags.HasError() || diags[0].Summary != "No matching users found" {
		t.Errorf("no match: got %v", diags)
	}
}

func TestProviderOAuth2ConfigDataSource(t *testing.T) {
	f := newFakeAPI(t)
	urls := map[string]any{"issuer": "https://ak/application/o/mailcow/", "authorize": "https://ak/application/o/authorize/",
		"token": "https://ak/application/o/token/", "user_info": "https://ak/application/o/userinfo/",
		"provider_info": "https://ak/application/o/mailcow/.well-known/openid-configuration",
		"logout":        "https://ak/application/o/mailcow/end-session/", "jwks": "https://ak/application/o/mailcow/jwks/"}
	f.on("GET", "/providers/oauth2/", 200, paginated(oauth2ProviderObj(nil)))
	f.on("GET", "/providers/oauth2/7/setup_urls/", 200, urls)
	d := mustReadData(t, f, "authentik_provider_oauth2_config", map[string]any{"name": "mailcow"})
	calls := f.calls()
	wantCount(t, calls, 2)
	wantCall(t, calls[0], "GET", "/providers/oauth2/", "name=mailcow", nil)
	wantCall(t, calls[1], "GET", "/providers/oauth2/7/setup_urls/", "", nil)
	wantAttrs(t, d, map[string]string{"id": "7", "authorize_url": "https://ak/application/o/authorize/",
		"user_info_url": "https://ak/application/o/userinfo/", "logout_url": urls["logout"].(string)})

	f.reset()
	mustReadData(t, f, "authentik_provider_oauth2_config", map[string]any{"provider_id": 7})
	wantCount(t, f.calls(), 1)

	f.reset()
	mustReadData(t, f, "authentik_provider_oauth2_config", map[string]any{})
	wantCall(t, f.calls()[0], "GET", "/providers/oauth2/", "name=", nil) // the real one sends name= even if unset
}

func TestDataSource404ClearsIDWithoutError(t *testing.T) {
	f := newFakeAPI(t)
	d, diags := readData(t, f, "authentik_user", map[string]any{"pk": 99})
	if len(diags) != 0 || d.Id() != "" {
		t.Errorf("got %v, id %q; want no diagnostics and no id (the real HTTPToDiag treats 404 as gone)", diags, d.Id())
	}
	_, diags = readData(t, f, "authentik_provider_oauth2_config", map[string]any{"provider_id": 99})
	if len(diags) != 0 {
		t.Errorf("setup_urls 404: got %v", diags)
	}
}

func TestNullCertExpiryIsADiagnosticNotAPanic(t *testing.T) {
	f := newFakeAPI(t)
	f.on("GET", "/crypto/certificatekeypairs/", 200, paginated(keyPairObj(map[string]any{"cert_expiry": nil})))
	_, diags := readData(t, f, "authentik_certificate_key_pair", map[string]any{"name": "kp"})
	if !diags.HasError() || !strings.Contains(diags[0].Summary, "has no cert_expiry") {
		t.Errorf("got %v", diags)
	}
}
