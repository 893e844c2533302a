package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/go-cty/cty"
	"github.com/hashicorp/go-cty/cty/msgpack"
	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
)

// These drive the stand-in through the Terraform plugin protocol (v5) server that plugin.Serve runs, the
// interface the Pulumi bridge talks to: schema, configure, plan, apply, import and a data-source read.

func dynamic(t *testing.T, ty cty.Type, attrs map[string]cty.Value) *tfprotov5.DynamicValue {
	t.Helper()
	vals := map[string]cty.Value{}
	for name, at := range ty.AttributeTypes() {
		if v, ok := attrs[name]; ok {
			vals[name] = v
		} else {
			vals[name] = cty.NullVal(at)
		}
	}
	raw, err := msgpack.Marshal(cty.ObjectVal(vals), ty)
	if err != nil {
		t.Fatal(err)
	}
	return &tfprotov5.DynamicValue{MsgPack: raw}
}

func decode(t *testing.T, ty cty.Type, v *tfprotov5.DynamicValue) cty.Value {
	t.Helper()
	val, err := msgpack.Unmarshal(v.MsgPack, ty)
	if err != nil {
		t.Fatal(err)
	}
	return val
}

func noDiags(t *testing.T, step string, diags []*tfprotov5.Diagnostic) {
	t.Helper()
	for _, d := range diags {
		if d.Severity == tfprotov5.DiagnosticSeverityError {
			t.Fatalf("%s: %s: %s", step, d.Summary, d.Detail)
		}
	}
}

func grpcConfigured(t *testing.T, f *fakeAPI) *schema.GRPCProviderServer {
	t.Helper()
	p := Provider("test")
	srv := schema.NewGRPCProviderServer(p)
	ty := schema.InternalMap(p.Schema).CoreConfigSchema().ImpliedType()
	resp, err := srv.ConfigureProvider(context.Background(), &tfprotov5.ConfigureProviderRequest{
		Config: dynamic(t, ty, map[string]cty.Value{"url": cty.StringVal(f.srv.URL), "token": cty.StringVal("tok")}),
	})
	if err != nil {
		t.Fatal(err)
	}
	noDiags(t, "configure", resp.Diagnostics)
	return srv
}

func TestGRPCSchemaMarksSecretsAndNamesTheStandIn(t *testing.T) {
	resp, err := schema.NewGRPCProviderServer(Provider("test")).GetProviderSchema(context.Background(), &tfprotov5.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	noDiags(t, "schema", resp.Diagnostics)
	sensitive := map[string]bool{}
	for _, a := range resp.Provider.Block.Attributes {
		sensitive[a.Name] = a.Sensitive
		if !strings.Contains(a.Description, "stand-in") {
			t.Errorf("provider attribute %s: description %q does not name the stand-in", a.Name, a.Description)
		}
	}
	if !sensitive["token"] || !sensitive["headers"] || sensitive["url"] {
		t.Errorf("sensitivity = %v, want token and headers only", sensitive)
	}
	if len(resp.ResourceSchemas) != 6 || len(resp.DataSourceSchemas) != 6 {
		t.Errorf("%d resources, %d data sources; want 6 and 6", len(resp.ResourceSchemas), len(resp.DataSourceSchemas))
	}
	oauth := resp.ResourceSchemas["authentik_provider_oauth2"].Block
	for _, a := range oauth.Attributes {
		if a.Name == "client_type" && !strings.Contains(a.Description, "Defaults to `confidential`.") {
			t.Errorf("client_type description %q lacks the default, as the real description builder adds", a.Description)
		}
	}
}

func TestGRPCPlanApplyImportOfProviderOAuth2(t *testing.T) {
	f := newFakeAPI(t)
	f.on("POST", "/providers/oauth2/", 201, oauth2ProviderObj(nil))
	f.on("GET", "/providers/oauth2/7/", 200, oauth2ProviderObj(map[string]any{"property_mappings": []string{mappingA, mappingB}}))
	srv := grpcConfigured(t, f)
	ty := Provider("test").ResourcesMap["authentik_provider_oauth2"].CoreConfigSchema().ImpliedType()
	config := dynamic(t, ty, map[string]cty.Value{
		"name": cty.StringVal("mailcow"), "authorization_flow": cty.StringVal(flowAuthz),
		"invalidation_flow": cty.StringVal(flowInval), "client_id": cty.StringVal("mailcow"),
		"property_mappings": cty.ListVal([]cty.Value{cty.StringVal(mappingB), cty.StringVal(mappingA)}),
		"allowed_redirect_uris": cty.ListVal([]cty.Value{cty.MapVal(map[string]cty.Value{
			"matching_mode": cty.StringVal("strict"), "url": cty.StringVal("https://mail.example.org")})}),
	})
	prior := &tfprotov5.DynamicValue{MsgPack: mustMsgpack(t, cty.NullVal(ty), ty)}
	plan, err := srv.PlanResourceChange(context.Background(), &tfprotov5.PlanResourceChangeRequest{
		TypeName: "authentik_provider_oauth2", PriorState: prior, ProposedNewState: config, Config: config})
	if err != nil {
		t.Fatal(err)
	}
	noDiags(t, "plan", plan.Diagnostics)
	planned := decode(t, ty, plan.PlannedState)
	if planned.GetAttr("client_type").AsString() != "confidential" || planned.GetAttr("client_secret").IsKnown() {
		t.Errorf("plan: client_type %v (want the default), client_secret known=%v (want unknown)",
			planned.GetAttr("client_type"), planned.GetAttr("client_secret").IsKnown())
	}
	applied, err := srv.ApplyResourceChange(context.Background(), &tfprotov5.ApplyResourceChangeRequest{
		TypeName: "authentik_provider_oauth2", PriorState: prior, PlannedState: plan.PlannedState, Config: config,
		PlannedPrivate: plan.PlannedPrivate})
	if err != nil {
		t.Fatal(err)
	}
	noDiags(t, "apply", applied.Diagnostics)
	state := decode(t, ty, applied.NewState)
	if state.GetAttr("id").AsString() != "7" || state.GetAttr("client_secret").AsString() != "server-generated-secret" {
		t.Errorf("state id %v, client_secret %v", state.GetAttr("id"), state.GetAttr("client_secret"))
	}
	pm := state.GetAttr("property_mappings").AsValueSlice()
	if len(pm) != 2 || pm[0].AsString() != mappingB {
		t.Errorf("property_mappings = %v, want the configured order kept", pm)
	}
	wantCall(t, f.calls()[0], "POST", "/providers/oauth2/", "", minimalOAuth2Body(map[string]any{
		"property_mappings": []string{mappingB, mappingA},
		"redirect_uris":     []any{map[string]any{"matching_mode": "strict", "url": "https://mail.example.org"}},
	}))

	imported, err := srv.ImportResourceState(context.Background(), &tfprotov5.ImportResourceStateRequest{
		TypeName: "authentik_provider_oauth2", ID: "7"})
	if err != nil {
		t.Fatal(err)
	}
	noDiags(t, "import", imported.Diagnostics)
	if len(imported.ImportedResources) != 1 {
		t.Fatalf("import gave %d resources", len(imported.ImportedResources))
	}
}

func TestGRPCReadDataSourceFlow(t *testing.T) {
	f := newFakeAPI(t)
	f.on("GET", "/flows/instances/", 200, paginated(flowObj(nil)))
	srv := grpcConfigured(t, f)
	ty := Provider("test").DataSourcesMap["authentik_flow"].CoreConfigSchema().ImpliedType()
	resp, err := srv.ReadDataSource(context.Background(), &tfprotov5.ReadDataSourceRequest{
		TypeName: "authentik_flow", Config: dynamic(t, ty, map[string]cty.Value{"slug": cty.StringVal("default-provider-authorization-implicit-consent")})})
	if err != nil {
		t.Fatal(err)
	}
	noDiags(t, "read", resp.Diagnostics)
	if got := decode(t, ty, resp.State).GetAttr("id").AsString(); got != flowAuthz {
		t.Errorf("flow id = %q", got)
	}
}

func mustMsgpack(t *testing.T, v cty.Value, ty cty.Type) []byte {
	t.Helper()
	raw, err := msgpack.Marshal(v, ty)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
