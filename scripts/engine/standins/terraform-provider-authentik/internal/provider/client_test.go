package provider

import (
	"context"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
)

func TestConfigureProbesRootConfigAndSendsTheRealHeaders(t *testing.T) {
	f := newFakeAPI(t)
	c := configured(t, f, map[string]any{"headers": map[string]any{"X-Tenant": "mail"}})
	if c.baseURL != f.srv.URL+"/api/v3" {
		t.Errorf("base URL = %q, want /api/v3 appended", c.baseURL)
	}
	f.on("GET", "/core/users/4/", 200, userObj(nil))
	mustReadData(t, f, "authentik_user", map[string]any{"pk": 4})
	first := f.requests[0]
	if first.Method != "GET" || first.Path != "/api/v3/root/config/" {
		t.Errorf("configure's first request = %s %s, want GET /api/v3/root/config/", first.Method, first.Path)
	}
	got := f.requests[len(f.requests)-1].Header
	for name, want := range map[string]string{"Authorization": "Bearer tok-123", "Accept": "application/json",
		"User-Agent": "authentik-terraform@test"} {
		if got.Get(name) != want {
			t.Errorf("header %s = %q, want %q", name, got.Get(name), want)
		}
	}
	if got.Get("Content-Type") != "" {
		t.Errorf("a GET must not carry Content-Type, got %q", got.Get("Content-Type"))
	}
	mine := configured(t, f, map[string]any{"headers": map[string]any{"X-Tenant": "mail"}})
	if mine.headers["X-Tenant"] != "mail" {
		t.Errorf("custom headers not added: %v", mine.headers)
	}
}

func TestCustomHeadersReachTheServer(t *testing.T) {
	f := newFakeAPI(t)
	f.on("POST", "/policies/bindings/", 400, map[string]any{"target": []string{"bad"}})
	r, d := resourceData(t, "authentik_policy_binding", false, map[string]any{"target": "t", "order": 1})
	r.CreateContext(context.Background(), d, configured(t, f, map[string]any{"headers": map[string]any{"X-Tenant": "mail"}}))
	got := f.calls()[0].Header
	if got.Get("X-Tenant") != "mail" || got.Get("Content-Type") != "application/json" {
		t.Errorf("headers = %v", got)
	}
}

func TestAPIBaseURLKeepsSubPathsAndExistingSuffix(t *testing.T) {
	for in, want := range map[string]string{
		"https://ak.example.org":              "https://ak.example.org/api/v3",
		"https://ak.example.org/":             "https://ak.example.org/api/v3",
		"https://ex.org/sso/":                 "https://ex.org/sso/api/v3",
		"https://ak.example.org/api/v3":       "https://ak.example.org/api/v3",
		"http://127.0.0.1:9000/prefix/api/v3": "http://127.0.0.1:9000/prefix/api/v3",
	} {
		if got, err := apiBaseURL(in); err != nil || got != want {
			t.Errorf("apiBaseURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := apiBaseURL("http://[::1"); err == nil {
		t.Error("an unparsable URL must fail configure")
	}
}

func TestErrorsQuoteStatusMethodPathAndBody(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   any
		ctype  string
		want   string
	}{
		{"validation", 400, `{"client_id":["This field must be unique."]}`, "",
			`HTTP Error '400 Bad Request' during request 'POST /api/v3/providers/oauth2/': "{"client_id":["This field must be unique."]}"`},
		{"forbidden", 403, `{"detail":"Token invalid/expired"}`, "",
			`HTTP Error '403 Forbidden  (Token invalid/expired)' during request 'POST /api/v3/providers/oauth2/': "{"detail":"Token invalid/expired"}"`},
		{"forbidden without detail", 403, `{}`, "",
			`HTTP Error 'no value given for required property detail' during request 'POST /api/v3/providers/oauth2/': "{}"`},
		{"server error", 500, `boom`, "text/plain",
			`HTTP Error '500 Internal Server Error' during request 'POST /api/v3/providers/oauth2/': "boom"`},
		{"html 400", 400, `<h1>Bad</h1>`, "text/html",
			`HTTP Error 'undefined response type' during request 'POST /api/v3/providers/oauth2/': "<h1>Bad</h1>"`},
		{"created but incomplete", 201, `{"name":"x"}`, "",
			`HTTP Error 'no value given for required property pk' during request 'POST /api/v3/providers/oauth2/': "{"name":"x"}"`},
	}
	for _, tc := range cases {
		f := newFakeAPI(t)
		f.answers["POST /api/v3/providers/oauth2/"] = answer{tc.status, tc.body, tc.ctype}
		r, d := resourceData(t, "authentik_provider_oauth2", false, minimalOAuth2Config)
		diags := r.CreateContext(context.Background(), d, configured(t, f, nil))
		if len(diags) != 1 || diags[0].Summary != tc.want {
			t.Errorf("%s:\n got  %v\n want %s", tc.name, diags, tc.want)
		}
		if d.Id() != "" {
			t.Errorf("%s: a failed create must not set an id", tc.name)
		}
	}
}

func TestTransportFailureHasNoResponse(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	r, d := resourceData(t, "authentik_application", false, map[string]any{"name": "a", "slug": "a"})
	meta := &apiClient{baseURL: url + "/api/v3", http: http.DefaultClient, headers: map[string]string{}}
	diags := r.CreateContext(context.Background(), d, meta)
	if len(diags) != 1 || !strings.HasPrefix(diags[0].Summary, "HTTP Error 'Post \""+url+"/api/v3/core/applications/\": dial tcp") ||
		!strings.HasSuffix(diags[0].Summary, "' without http response") {
		t.Errorf("got %v", diags)
	}
}

func TestResponsesAreCheckedLikeTheGeneratedClient(t *testing.T) {
	cases := map[string]struct {
		model string
		body  string
		want  string
	}{
		"missing required":   {"Application", `{"pk":"x"}`, "no value given for required property name"},
		"unknown enum":       {"OAuth2Provider", mustJSON(oauth2ProviderObj(map[string]any{"sub_mode": "nope"})), "nope is not a valid SubModeEnum"},
		"enum in list":       {"OAuth2Provider", mustJSON(oauth2ProviderObj(map[string]any{"grant_types": []string{"x"}})), "x is not a valid GrantTypesEnum"},
		"nested required":    {"OAuth2Provider", mustJSON(oauth2ProviderObj(map[string]any{"redirect_uris": []any{map[string]any{"url": "u"}}})), "no value given for required property matching_mode"},
		"string pk":          {"OAuth2Provider", mustJSON(oauth2ProviderObj(map[string]any{"pk": "7"})), "json: cannot unmarshal string into Go struct field OAuth2Provider.pk of type int32"},
		"bad date-time":      {"User", mustJSON(userObj(map[string]any{"date_joined": "2026-01-02 03:04"})), `parsing time "2026-01-02 03:04"`},
		"null required enum": {"Flow", mustJSON(flowObj(map[string]any{"designation": nil})), " is not a valid FlowDesignationEnum"},
		"nullable model":     {"Application", mustJSON(applicationObj(nil)), ""},
		"extra properties":   {"ScopeMapping", mustJSON(scopeObj(map[string]any{"new_in_2026_8": true})), ""},
		"nested provider":    {"Application", mustJSON(applicationObj(map[string]any{"provider_obj": map[string]any{"pk": 1}})), "no value given for required property name"},
	}
	for name, tc := range cases {
		err := checkModel(tc.model, []byte(tc.body))
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: unexpected %v", name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: got %v, want %q", name, err, tc.want)
		}
	}
}

// Go's default root pool honours SSL_CERT_FILE, and the pool is loaded once per process, so this runs the
// check in a child test process with the variable set.
func TestTLSVerifiesAgainstSSLCertFileUnlessInsecure(t *testing.T) {
	if os.Getenv("STANDIN_TLS_CHILD") != "" {
		return
	}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(mustJSON(userObj(nil))))
	}))
	defer srv.Close()
	pemFile := filepath.Join(t.TempDir(), "ca.pem")
	block := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(pemFile, block, 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(env ...string) string {
		cmd := exec.Command(os.Args[0], "-test.run=^TestTLSChild$", "-test.v")
		cmd.Env = append(os.Environ(), append(env, "STANDIN_TLS_CHILD=1", "STANDIN_TLS_URL="+srv.URL)...)
		out, _ := cmd.CombinedOutput()
		return string(out)
	}
	if out := run("SSL_CERT_FILE=" + pemFile); !strings.Contains(out, "CHILD: ok") {
		t.Errorf("with SSL_CERT_FILE the server must be trusted:\n%s", out)
	}
	if out := run("SSL_CERT_FILE=/nonexistent"); !strings.Contains(out, "certificate signed by unknown authority") {
		t.Errorf("without the CA the call must fail verification:\n%s", out)
	}
	if out := run("SSL_CERT_FILE=/nonexistent", "AUTHENTIK_INSECURE=true"); !strings.Contains(out, "CHILD: ok") {
		t.Errorf("AUTHENTIK_INSECURE=true must skip verification:\n%s", out)
	}
}

func TestTLSChild(t *testing.T) {
	if os.Getenv("STANDIN_TLS_CHILD") == "" {
		t.Skip("helper for TestTLSVerifiesAgainstSSLCertFileUnlessInsecure")
	}
	p := Provider("test")
	d := schema.TestResourceDataRaw(t, p.Schema, map[string]any{"url": os.Getenv("STANDIN_TLS_URL"), "token": "t"})
	meta, diags := p.ConfigureContextFunc(context.Background(), d)
	if diags.HasError() {
		t.Fatal(diags)
	}
	r, ud := resourceData(t, "authentik_user", true, map[string]any{"pk": 4})
	if diags := r.ReadContext(context.Background(), ud, meta); diags.HasError() {
		t.Fatalf("CHILD: %v", diags)
	}
	t.Log("CHILD: ok")
}
