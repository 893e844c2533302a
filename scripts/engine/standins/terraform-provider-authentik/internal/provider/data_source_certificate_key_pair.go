package provider

import (
	"context"
	"net/http"
	"net/url"

	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
)

// data authentik_certificate_key_pair — real: pkg/provider/data_source_certificate_key_pair.go. Lists by
// name, takes the first, then fetches the certificate and (fetch_key defaults to true!) the private key.

func dataSourceCertificateKeyPair() *schema.Resource {
	computed := func(desc string) *schema.Schema {
		return &schema.Schema{Type: schema.TypeString, Computed: true, Description: desc}
	}
	return &schema.Resource{
		ReadContext: keyPairDataRead,
		Description: StandInNote + "System --- Get certificate-key pairs by name",
		Schema: map[string]*schema.Schema{
			"id":   computed(""),
			"name": {Type: schema.TypeString, Required: true},
			"fetch_certificate": {Type: schema.TypeBool, Optional: true, Default: true,
				Description: "If set to true, certificate data will be fetched."},
			"certificate_data": computed(""),
			"expiry":           computed(""),
			"subject":          computed(""),
			"fingerprint1":     computed("SHA1-hashed certificate fingerprint"),
			"fingerprint256":   computed("SHA256-hashed certificate fingerprint"),
			"fetch_key": {Type: schema.TypeBool, Optional: true, Default: true,
				Description: "If set to true, private key data will be fetched."},
			"key_data": {Type: schema.TypeString, Optional: true, Computed: true, Sensitive: true},
		},
	}
}

func keyPairDataRead(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	c := m.(*apiClient)
	query := url.Values{}
	if v, ok := d.GetOk("name"); ok {
		query.Set("name", v.(string))
	}
	var res struct {
		Results []keyPair `json:"results"`
	}
	hr, err := c.call(ctx, http.MethodGet, "/crypto/certificatekeypairs/", query, nil, "PaginatedCertificateKeyPairList", &res)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	if len(res.Results) < 1 {
		return diag.Errorf("No matching groups found") // sic: the real message says "groups"
	}
	f := res.Results[0]
	if f.CertExpiry == nil {
		// The real provider calls .String() on the nil time here and panics.
		return diag.Errorf("certificate-key pair %q has no cert_expiry; the real provider v2026.5.0 panics here", f.Name)
	}
	var diags diag.Diagnostics
	d.SetId(f.Pk)
	set(d, "name", f.Name, &diags)
	set(d, "expiry", f.CertExpiry.String(), &diags)
	set(d, "subject", f.CertSubject, &diags)
	set(d, "fingerprint1", f.FingerprintSha1, &diags)
	set(d, "fingerprint256", f.FingerprintSha256, &diags)
	if d.Get("fetch_certificate").(bool) {
		var cert certificateData
		hr, err := c.call(ctx, http.MethodGet, keyPairPath(d.Id())+"view_certificate/", nil, nil, "CertificateData", &cert)
		if err != nil {
			return httpToDiag(d, hr, err)
		}
		set(d, "certificate_data", cert.Data+"\n", &diags)
	}
	if d.Get("fetch_key").(bool) {
		var key certificateData
		hr, err := c.call(ctx, http.MethodGet, keyPairPath(d.Id())+"view_private_key/", nil, nil, "CertificateData", &key)
		if err != nil {
			return httpToDiag(d, hr, err)
		}
		set(d, "key_data", key.Data+"\n", &diags)
	}
	return diags
}
