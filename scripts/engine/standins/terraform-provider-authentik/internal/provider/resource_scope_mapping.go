package provider

import (
	"context"
	"net/http"
	"net/url"

	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
)

// authentik_property_mapping_provider_scope — real: pkg/provider/resource_property_mapping_provider_scope.go.

func resourceScopeMapping() *schema.Resource {
	return &schema.Resource{
		Description:   StandInNote + "Customization --- Manage Scope Provider Property mappings",
		CreateContext: scopeMappingCreate,
		ReadContext:   scopeMappingRead,
		UpdateContext: scopeMappingUpdate,
		DeleteContext: scopeMappingDelete,
		Importer:      &schema.ResourceImporter{StateContext: schema.ImportStatePassthroughContext},
		Schema: map[string]*schema.Schema{
			"name":        {Type: schema.TypeString, Required: true},
			"scope_name":  {Type: schema.TypeString, Required: true},
			"description": {Type: schema.TypeString, Optional: true},
			"expression":  {Type: schema.TypeString, Required: true, DiffSuppressFunc: suppressExpressionDiff},
		},
	}
}

type scopeMapping struct {
	Pk          string  `json:"pk"`
	Name        string  `json:"name"`
	Expression  string  `json:"expression"`
	ScopeName   string  `json:"scope_name"`
	Description *string `json:"description"`
}

// scopeMappingBody: `managed` is never sent; description only when non-empty.
func scopeMappingBody(d *schema.ResourceData) map[string]any {
	body := map[string]any{
		"name":       d.Get("name").(string),
		"scope_name": d.Get("scope_name").(string),
		"expression": d.Get("expression").(string),
	}
	putOpt(body, "description", optStr(d, "description"))
	return body
}

func scopeMappingPath(id string) string {
	return "/propertymappings/provider/scope/" + url.PathEscape(id) + "/"
}

func scopeMappingCreate(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	var res scopeMapping
	hr, err := m.(*apiClient).call(ctx, http.MethodPost, "/propertymappings/provider/scope/", nil, scopeMappingBody(d), "ScopeMapping", &res)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	d.SetId(res.Pk)
	return scopeMappingRead(ctx, d, m)
}

func scopeMappingRead(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	var res scopeMapping
	hr, err := m.(*apiClient).call(ctx, http.MethodGet, scopeMappingPath(d.Id()), nil, nil, "ScopeMapping", &res)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	var diags diag.Diagnostics
	set(d, "name", res.Name, &diags)
	set(d, "expression", res.Expression, &diags)
	set(d, "scope_name", res.ScopeName, &diags)
	set(d, "description", res.Description, &diags)
	return diags
}

func scopeMappingUpdate(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	var res scopeMapping
	hr, err := m.(*apiClient).call(ctx, http.MethodPut, scopeMappingPath(d.Id()), nil, scopeMappingBody(d), "ScopeMapping", &res)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	d.SetId(res.Pk)
	return scopeMappingRead(ctx, d, m)
}

func scopeMappingDelete(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	return deleteObject(ctx, d, m, scopeMappingPath(d.Id()))
}
