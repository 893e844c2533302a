package provider

import (
	"context"
	"net/http"
	"net/url"

	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
)

// data authentik_property_mapping_provider_scope — real: pkg/provider/data_source_property_mapping_provider_scope.go.
// With managed_list it returns every match's pk in `ids` (id "-1"); otherwise the first match's fields.

func dataSourceScopeMapping() *schema.Resource {
	return &schema.Resource{
		ReadContext: scopeMappingDataRead,
		Description: StandInNote + "Customization --- Get OAuth Provider Scope Property mappings",
		Schema: map[string]*schema.Schema{
			"name":    {Type: schema.TypeString, Optional: true, ConflictsWith: []string{"managed_list"}},
			"managed": {Type: schema.TypeString, Optional: true},
			"managed_list": {Type: schema.TypeList, Optional: true, Elem: &schema.Schema{Type: schema.TypeString},
				Description: "Retrieve multiple property mappings"},
			"ids": {Type: schema.TypeList, Optional: true, Computed: true, Elem: &schema.Schema{Type: schema.TypeString},
				Description: "List of ids when `managed_list` is set."},
			"scope_name":  {Type: schema.TypeString, Optional: true, Computed: true},
			"expression":  {Type: schema.TypeString, Computed: true},
			"description": {Type: schema.TypeString, Computed: true},
		},
	}
}

func scopeMappingDataRead(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	query := url.Values{}
	_, byList := d.GetOk("managed_list")
	if byList {
		query["managed"] = stringList(d, "managed_list") // one managed=… per entry, in order
	} else if v, ok := d.GetOk("managed"); ok {
		query.Set("managed", v.(string))
	}
	if v, ok := d.GetOk("name"); ok {
		query.Set("name", v.(string))
	}
	if v, ok := d.GetOk("scope_name"); ok {
		query.Set("scope_name", v.(string))
	}
	var res struct {
		Results []scopeMapping `json:"results"`
	}
	hr, err := m.(*apiClient).call(ctx, http.MethodGet, "/propertymappings/provider/scope/", query, nil, "PaginatedScopeMappingList", &res)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	if len(res.Results) < 1 {
		return diag.Errorf("No matching mappings found")
	}
	var diags diag.Diagnostics
	if byList {
		d.SetId("-1")
		ids := make([]string, len(res.Results))
		for i, r := range res.Results {
			ids[i] = r.Pk
		}
		set(d, "ids", ids, &diags)
		return diags
	}
	f := res.Results[0]
	d.SetId(f.Pk)
	set(d, "name", f.Name, &diags)
	set(d, "expression", f.Expression, &diags)
	set(d, "scope_name", f.ScopeName, &diags)
	set(d, "description", f.Description, &diags)
	return diags
}
