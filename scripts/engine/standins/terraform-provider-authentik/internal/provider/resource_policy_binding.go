package provider

import (
	"context"
	"net/http"
	"net/url"

	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
)

// authentik_policy_binding — real: pkg/provider/resource_policy_binding.go. Its id is the binding's uuid.

func resourcePolicyBinding() *schema.Resource {
	return &schema.Resource{
		Description:   StandInNote + "Customization --- ",
		CreateContext: policyBindingCreate,
		ReadContext:   policyBindingRead,
		UpdateContext: policyBindingUpdate,
		DeleteContext: policyBindingDelete,
		Importer:      &schema.ResourceImporter{StateContext: schema.ImportStatePassthroughContext},
		Schema: map[string]*schema.Schema{
			"target":         {Type: schema.TypeString, Required: true, Description: "ID of the object this binding should apply to"},
			"policy":         {Type: schema.TypeString, Optional: true, Description: "UUID of the policy"},
			"user":           {Type: schema.TypeInt, Optional: true, Description: "PK of the user"},
			"group":          {Type: schema.TypeString, Optional: true, Description: "UUID of the group"},
			"order":          {Type: schema.TypeInt, Required: true},
			"negate":         {Type: schema.TypeBool, Optional: true, Default: false},
			"enabled":        {Type: schema.TypeBool, Optional: true, Default: true},
			"timeout":        {Type: schema.TypeInt, Optional: true, Default: 30},
			"failure_result": {Type: schema.TypeBool, Optional: true, Default: false},
		},
	}
}

type policyBinding struct {
	Pk            string  `json:"pk"`
	Policy        *string `json:"policy"`
	Group         *string `json:"group"`
	User          *int32  `json:"user"`
	Target        string  `json:"target"`
	Negate        *bool   `json:"negate"`
	Enabled       *bool   `json:"enabled"`
	Order         int32   `json:"order"`
	Timeout       *int32  `json:"timeout"`
	FailureResult *bool   `json:"failure_result"`
}

// policyBindingBody: policy, user and group are nullable and always sent (null when unset or zero).
func policyBindingBody(d *schema.ResourceData) map[string]any {
	return map[string]any{
		"target":         d.Get("target").(string),
		"order":          int32(d.Get("order").(int)),
		"negate":         d.Get("negate").(bool),
		"enabled":        d.Get("enabled").(bool),
		"timeout":        int32(d.Get("timeout").(int)),
		"failure_result": d.Get("failure_result").(bool),
		"policy":         nullable(optStr(d, "policy")),
		"user":           nullable(optInt32(d, "user")),
		"group":          nullable(optStr(d, "group")),
	}
}

func policyBindingPath(id string) string { return "/policies/bindings/" + url.PathEscape(id) + "/" }

func policyBindingCreate(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	var res policyBinding
	hr, err := m.(*apiClient).call(ctx, http.MethodPost, "/policies/bindings/", nil, policyBindingBody(d), "PolicyBinding", &res)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	d.SetId(res.Pk)
	return policyBindingRead(ctx, d, m)
}

func policyBindingRead(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	var res policyBinding
	hr, err := m.(*apiClient).call(ctx, http.MethodGet, policyBindingPath(d.Id()), nil, nil, "PolicyBinding", &res)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	var diags diag.Diagnostics
	set(d, "target", res.Target, &diags)
	set(d, "policy", res.Policy, &diags)
	set(d, "user", res.User, &diags)
	set(d, "group", res.Group, &diags)
	set(d, "order", res.Order, &diags)
	set(d, "negate", res.Negate, &diags)
	set(d, "enabled", res.Enabled, &diags)
	set(d, "timeout", res.Timeout, &diags)
	set(d, "failure_result", res.FailureResult, &diags)
	return diags
}

func policyBindingUpdate(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	var res policyBinding
	hr, err := m.(*apiClient).call(ctx, http.MethodPut, policyBindingPath(d.Id()), nil, policyBindingBody(d), "PolicyBinding", &res)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	d.SetId(res.Pk)
	return policyBindingRead(ctx, d, m)
}

func policyBindingDelete(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	return deleteObject(ctx, d, m, policyBindingPath(d.Id()))
}
