package provider

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
)

// authentik_certificate_key_pair — real: pkg/provider/resource_certificate_key_pair.go. Not used by
// mailcow-sso; kept because it is small.

func resourceCertificateKeyPair() *schema.Resource {
	return &schema.Resource{
		Description:   StandInNote + "System --- ",
		CreateContext: keyPairCreate,
		ReadContext:   keyPairRead,
		UpdateContext: keyPairUpdate,
		DeleteContext: keyPairDelete,
		Importer:      &schema.ResourceImporter{StateContext: schema.ImportStatePassthroughContext},
		Schema: map[string]*schema.Schema{
			"name":             {Type: schema.TypeString, Required: true},
			"certificate_data": {Type: schema.TypeString, Required: true},
			"key_data":         {Type: schema.TypeString, Optional: true, Sensitive: true},
		},
	}
}

type keyPair struct {
	Pk                string     `json:"pk"`
	Name              string     `json:"name"`
	FingerprintSha256 *string    `json:"fingerprint_sha256"`
	FingerprintSha1   *string    `json:"fingerprint_sha1"`
	CertExpiry        *time.Time `json:"cert_expiry"`
	CertSubject       *string    `json:"cert_subject"`
}

type certificateData struct {
	Data string `json:"data"`
}

func keyPairBody(d *schema.ResourceData) map[string]any {
	body := map[string]any{
		"name":             d.Get("name").(string),
		"certificate_data": d.Get("certificate_data").(string),
	}
	putOpt(body, "key_data", optStr(d, "key_data"))
	return body
}

func keyPairPath(id string) string { return "/crypto/certificatekeypairs/" + url.PathEscape(id) + "/" }

func keyPairCreate(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	var res keyPair
	hr, err := m.(*apiClient).call(ctx, http.MethodPost, "/crypto/certificatekeypairs/", nil, keyPairBody(d), "CertificateKeyPair", &res)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	d.SetId(res.Pk)
	return keyPairRead(ctx, d, m)
}

func keyPairRead(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	c := m.(*apiClient)
	var res keyPair
	hr, err := c.call(ctx, http.MethodGet, keyPairPath(d.Id()), nil, nil, "CertificateKeyPair", &res)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	var diags diag.Diagnostics
	set(d, "name", res.Name, &diags)
	var cert certificateData
	hr, err = c.call(ctx, http.MethodGet, keyPairPath(d.Id())+"view_certificate/", nil, nil, "CertificateData", &cert)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	set(d, "certificate_data", cert.Data+"\n", &diags)
	// A failure to read the key is ignored, as in the real provider (a pair may have no key).
	var key certificateData
	if _, err := c.call(ctx, http.MethodGet, keyPairPath(d.Id())+"view_private_key/", nil, nil, "CertificateData", &key); err == nil {
		set(d, "key_data", key.Data+"\n", &diags)
	}
	return diags
}

func keyPairUpdate(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	var res keyPair
	hr, err := m.(*apiClient).call(ctx, http.MethodPut, keyPairPath(d.Id()), nil, keyPairBody(d), "CertificateKeyPair", &res)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	d.SetId(res.Pk)
	return keyPairRead(ctx, d, m)
}

func keyPairDelete(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	return deleteObject(ctx, d, m, keyPairPath(d.Id()))
}
