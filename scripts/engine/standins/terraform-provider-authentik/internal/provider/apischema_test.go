package provider

import (
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// findSchema locates authentik's OpenAPI schema: $STANDIN_AUTHENTIK_SCHEMA, or the @goauthentik/api npm
// package in the project's node_modules (a devDependency of the authentik emulator).
func findSchema() string {
	if p := os.Getenv("STANDIN_AUTHENTIK_SCHEMA"); p != "" {
		return p
	}
	dir, _ := os.Getwd()
	for ; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		p := filepath.Join(dir, "node_modules", "@goauthentik", "api", "schema.yml")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// The response checks must be generated from the schema the emulator is built from; regenerate on drift.
func TestGeneratedSchemaTableIsCurrent(t *testing.T) {
	schemaFile := findSchema()
	if schemaFile == "" {
		t.Skip("no @goauthentik/api schema.yml (run npm ci at the project root, or set STANDIN_AUTHENTIK_SCHEMA)")
	}
	if err := exec.Command("python3", "-c", "import yaml").Run(); err != nil {
		t.Skip("python3 with PyYAML is needed to regenerate the table")
	}
	out, err := exec.Command("python3", "../../tools/gen_apischema.py", schemaFile).Output()
	if err != nil {
		t.Fatalf("generator: %v", err)
	}
	want, err := format.Source(out)
	if err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile("apischema_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(have) != string(want) {
		t.Errorf("apischema_gen.go is stale for %s: run tools/gen_apischema.py (see its header)", schemaFile)
	}
}

func TestEveryDecodedModelIsInTheTable(t *testing.T) {
	for _, model := range []string{"Config", "GenericError", "ValidationError", "OAuth2Provider",
		"PaginatedOAuth2ProviderList", "OAuth2ProviderSetupURLs", "Application", "PolicyBinding", "ScopeMapping",
		"PaginatedScopeMappingList", "Group", "PaginatedGroupList", "User", "PaginatedUserList",
		"CertificateKeyPair", "PaginatedCertificateKeyPairList", "CertificateData", "PaginatedFlowList"} {
		if _, ok := apiModels[model]; !ok {
			t.Errorf("model %s missing from apischema_gen.go", model)
		}
	}
	for name, m := range apiModels {
		for _, p := range m.Props {
			for it := &p.Prop; it != nil; it = it.Items {
				if _, ok := apiModels[it.Ref]; it.Kind == kindModel && !ok {
					t.Errorf("%s.%s refers to %s, which is not in the table", name, p.Name, it.Ref)
				}
				if it.Kind == kindEnum && len(apiEnums[it.Ref]) == 0 {
					t.Errorf("%s.%s refers to enum %s, which is not in the table", name, p.Name, it.Ref)
				}
			}
		}
	}
}
