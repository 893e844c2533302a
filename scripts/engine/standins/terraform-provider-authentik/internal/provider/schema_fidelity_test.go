package provider

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
)

// The real v2026.5.0 schemas, written down from reading goauthentik/terraform-provider-authentik at tag
// v2026.5.0 (commit 69d1bb26), one line per attribute: "<name> <type> <flags>". Types: string, bool, int,
// list(<elem>), map(<elem>), list(map) (a list of maps with no Elem, i.e. string values), list(block).
// Flags: R required, O optional, C computed, S sensitive, =<default>, conflicts:<a|b>, exactly:<a|b>.
// No attribute of these has ForceNew, a StateFunc or MaxItems.
var realSchemas = map[string][]string{
	// pkg/provider/provider.go (Provider schema)
	"provider": {
		"url string R", "insecure bool O", "token string R S", "headers map(string) O S",
	},
	// pkg/provider/resource_provider_oauth2.go
	"resource authentik_provider_oauth2": {
		"name string R", "authentication_flow string O", "authorization_flow string R",
		"invalidation_flow string R", "property_mappings list(string) O", "client_type string O =confidential",
		"grant_types list(string) O C", "client_id string R", "client_secret string O C S",
		"access_code_validity string O =minutes=1", "access_token_validity string O =minutes=10",
		"refresh_token_validity string O =days=30", "refresh_token_threshold string O =seconds=0",
		"include_claims_in_id_token bool O =true", "signing_key string O", "encryption_key string O",
		"allowed_redirect_uris list(map) O", "logout_method string O =backchannel", "logout_uri string O",
		"sub_mode string O =hashed_user_id", "issuer_mode string O =per_provider", "jwks_sources list(string) O",
		"jwt_federation_sources list(string) O", "jwt_federation_providers list(int) O",
	},
	// pkg/provider/resource_application.go
	"resource authentik_application": {
		"name string R", "group string O", "uuid string O C", "slug string R", "protocol_provider int O",
		"backchannel_providers list(int) O", "meta_launch_url string O", "meta_icon string O",
		"meta_description string O", "meta_publisher string O", "policy_engine_mode string O =any",
		"open_in_new_tab bool O =false", "meta_hide bool O =false",
	},
	// pkg/provider/resource_policy_binding.go
	"resource authentik_policy_binding": {
		"target string R", "policy string O", "user int O", "group string O", "order int R",
		"negate bool O =false", "enabled bool O =true", "timeout int O =30", "failure_result bool O =false",
	},
	// pkg/provider/resource_property_mapping_provider_scope.go
	"resource authentik_property_mapping_provider_scope": {
		"name string R", "scope_name string R", "description string O", "expression string R",
	},
	// pkg/provider/resource_group.go
	"resource authentik_group": {
		"name string R", "is_superuser bool O =false", "parents list(string) O", "users list(int) O C",
		"attributes string O ={}", "roles list(string) O",
	},
	// pkg/provider/resource_certificate_key_pair.go
	"resource authentik_certificate_key_pair": {
		"name string R", "certificate_data string R", "key_data string O S",
	},
	// pkg/provider/data_source_flow.go
	"data authentik_flow": {
		"name string C", "title string C", "slug string O C", "designation string O C", "authentication string O C",
	},
	// pkg/provider/data_source_certificate_key_pair.go
	"data authentik_certificate_key_pair": {
		"id string C", "name string R", "fetch_certificate bool O =true", "certificate_data string C",
		"expiry string C", "subject string C", "fingerprint1 string C", "fingerprint256 string C",
		"fetch_key bool O =true", "key_data string O C S",
	},
	// pkg/provider/data_source_property_mapping_provider_scope.go
	"data authentik_property_mapping_provider_scope": {
		"name string O conflicts:managed_list", "managed string O", "managed_list list(string) O",
		"ids list(string) O C", "scope_name string O C", "expression string C", "description string C",
	},
	// pkg/provider/data_source_group.go (users_obj elements: dataSourceGroupMember)
	"data authentik_group": {
		"pk string O exactly:pk|name", "num_pk int C", "name string O exactly:pk|name",
		"include_users bool O =true", "is_superuser bool C", "parents list(string) C", "parent_name string C",
		"users list(int) C", "attributes string C", "users_obj list(block) C",
	},
	"block authentik_group.users_obj": {
		"pk int C", "username string C", "name string C", "is_active bool C", "last_login string C",
		"email string C", "attributes string C", "uid string C",
	},
	// pkg/provider/data_source_user.go
	"data authentik_user": {
		"pk int O C exactly:pk|username", "username string O C exactly:pk|username", "type string C",
		"name string C", "is_active bool C", "last_login string C", "date_joined string C",
		"is_superuser bool C", "groups list(string) C", "email string C", "avatar string C",
		"attributes string C", "uid string C", "uuid string C", "path string C",
	},
	// pkg/provider/data_source_provider_oauth_config2.go
	"data authentik_provider_oauth2_config": {
		"name string O conflicts:provider_id", "provider_id int O conflicts:name", "issuer_url string C",
		"authorize_url string C", "token_url string C", "user_info_url string C", "provider_info_url string C",
		"logout_url string C", "jwks_url string C",
	},
}

func typeName(s *schema.Schema) string {
	base := map[schema.ValueType]string{schema.TypeString: "string", schema.TypeBool: "bool",
		schema.TypeInt: "int", schema.TypeList: "list", schema.TypeMap: "map", schema.TypeSet: "set",
		schema.TypeFloat: "float"}[s.Type]
	switch elem := s.Elem.(type) {
	case *schema.Schema:
		if elem.Type == schema.TypeMap && elem.Elem == nil {
			return base + "(map)"
		}
		return base + "(" + typeName(elem) + ")"
	case *schema.Resource:
		return base + "(block)"
	}
	return base
}

// describe renders a stand-in attribute in the same notation as realSchemas.
func describe(name string, s *schema.Schema) string {
	parts := []string{name, typeName(s)}
	for _, f := range []struct {
		on   bool
		flag string
	}{{s.Required, "R"}, {s.Optional, "O"}, {s.Computed, "C"}, {s.Sensitive, "S"}} {
		if f.on {
			parts = append(parts, f.flag)
		}
	}
	if s.Default != nil {
		parts = append(parts, fmt.Sprintf("=%v", s.Default))
	}
	if len(s.ConflictsWith) > 0 {
		parts = append(parts, "conflicts:"+strings.Join(s.ConflictsWith, "|"))
	}
	if len(s.ExactlyOneOf) > 0 {
		parts = append(parts, "exactly:"+strings.Join(s.ExactlyOneOf, "|"))
	}
	if s.ForceNew {
		parts = append(parts, "FORCENEW")
	}
	return strings.Join(parts, " ")
}

func describeAll(m map[string]*schema.Schema) []string {
	out := make([]string, 0, len(m))
	for name, s := range m {
		out = append(out, describe(name, s))
	}
	sort.Strings(out)
	return out
}

func TestSchemasMatchTheRealProvider(t *testing.T) {
	p := Provider("test")
	got := map[string][]string{"provider": describeAll(p.Schema)}
	for name, r := range p.ResourcesMap {
		got["resource "+name] = describeAll(r.Schema)
	}
	for name, r := range p.DataSourcesMap {
		got["data "+name] = describeAll(r.Schema)
	}
	got["block authentik_group.users_obj"] = describeAll(p.DataSourcesMap["authentik_group"].Schema["users_obj"].Elem.(*schema.Resource).Schema)
	for key, lines := range realSchemas {
		want := append([]string(nil), lines...)
		sort.Strings(want)
		if strings.Join(got[key], "\n") != strings.Join(want, "\n") {
			t.Errorf("%s differs from the real schema:\n got:  %q\n want: %q", key, got[key], want)
		}
	}
	for key := range got {
		if _, ok := realSchemas[key]; !ok {
			t.Errorf("%s is served by the stand-in but has no entry in the fidelity table", key)
		}
	}
}

func TestProviderInternalValidate(t *testing.T) {
	if err := Provider("test").InternalValidate(); err != nil {
		t.Fatal(err)
	}
}

func TestResourcesHaveImportersAndUpdates(t *testing.T) {
	for name, r := range Provider("test").ResourcesMap {
		if r.Importer == nil || r.Importer.StateContext == nil || r.UpdateContext == nil {
			t.Errorf("%s: the real resource imports by id and updates in place", name)
		}
	}
}

func TestProviderEnvironmentDefaults(t *testing.T) {
	t.Setenv("AUTHENTIK_URL", "https://env.example.org")
	t.Setenv("AUTHENTIK_TOKEN", "env-token")
	t.Setenv("AUTHENTIK_INSECURE", "true")
	p := Provider("test")
	for key, want := range map[string]any{"url": "https://env.example.org", "token": "env-token", "insecure": "true"} {
		got, err := p.Schema[key].DefaultFunc()
		if err != nil || got != want {
			t.Errorf("%s default = %v, %v; want %v from the environment", key, got, err, want)
		}
	}
	_ = os.Unsetenv("AUTHENTIK_INSECURE")
	if got, _ := p.Schema["insecure"].DefaultFunc(); got != false {
		t.Errorf("insecure without AUTHENTIK_INSECURE = %v, want false", got)
	}
	if p.Schema["headers"].DefaultFunc != nil {
		t.Error("headers has no environment default in the real provider")
	}
}

func TestEveryDescriptionNamesTheStandIn(t *testing.T) {
	p := Provider("test")
	for key, s := range p.Schema {
		if !strings.HasPrefix(s.Description, StandInNote) {
			t.Errorf("provider attribute %s does not say it is a stand-in", key)
		}
	}
	for name, r := range p.ResourcesMap {
		if !strings.HasPrefix(r.Description, StandInNote) {
			t.Errorf("resource %s does not say it is a stand-in", name)
		}
	}
	for name, r := range p.DataSourcesMap {
		if !strings.HasPrefix(r.Description, StandInNote) {
			t.Errorf("data source %s does not say it is a stand-in", name)
		}
	}
}
