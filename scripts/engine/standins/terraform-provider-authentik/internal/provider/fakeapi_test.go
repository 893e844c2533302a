package provider

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/hashicorp/terraform-plugin-sdk/v2/terraform"
)

// fakeAPI is a recording authentik API for unit tests: canned answers per "METHOD /path/", and a log of
// every request with its query, headers and decoded JSON body.
type fakeAPI struct {
	t        *testing.T
	srv      *httptest.Server
	mu       sync.Mutex
	answers  map[string]answer
	requests []recorded
}

type answer struct {
	status int
	body   any // encoded as JSON unless it is a string, which is sent verbatim
	ctype  string
}

type recorded struct {
	Method, Path, Query string
	Header              http.Header
	Body                map[string]any
	Raw                 string
}

func newFakeAPI(t *testing.T) *fakeAPI {
	f := &fakeAPI{t: t, answers: map[string]answer{
		// What a default authentik answers at configure time (error reporting off).
		"GET /api/v3/root/config/": {200, map[string]any{
			"error_reporting": map[string]any{"enabled": false, "sentry_dsn": "", "environment": "", "send_pii": false, "traces_sample_rate": 0.1},
			"capabilities":    []string{}, "cache_timeout": 300, "cache_timeout_flows": 300, "cache_timeout_policies": 300,
		}, ""},
	}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	rec := recorded{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Raw: string(raw)}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &rec.Body); err != nil {
			f.t.Errorf("request body is not a JSON object: %q", raw)
		}
	}
	f.mu.Lock()
	f.requests = append(f.requests, rec)
	a, ok := f.answers[r.Method+" "+r.URL.Path]
	f.mu.Unlock()
	if !ok {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"detail":"Not found."}`))
		return
	}
	ctype := a.ctype
	if ctype == "" {
		ctype = "application/json"
	}
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(a.status)
	switch b := a.body.(type) {
	case nil:
	case string:
		_, _ = w.Write([]byte(b))
	default:
		_ = json.NewEncoder(w).Encode(b)
	}
}

func (f *fakeAPI) on(method, path string, status int, body any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.answers[method+" /api/v3"+path] = answer{status: status, body: body}
}

// calls returns the requests after configure's root-config probe.
func (f *fakeAPI) calls() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []recorded
	for _, r := range f.requests {
		if r.Path != "/api/v3/root/config/" {
			out = append(out, r)
		}
	}
	return out
}

func (f *fakeAPI) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = nil
}

// configured returns the stand-in's API client after the provider's own ConfigureContextFunc ran.
func configured(t *testing.T, f *fakeAPI, extra map[string]any) *apiClient {
	t.Helper()
	p := Provider("test")
	cfg := map[string]any{"url": f.srv.URL, "token": "tok-123"}
	for k, v := range extra {
		cfg[k] = v
	}
	if diags := p.Configure(context.Background(), terraform.NewResourceConfigRaw(cfg)); diags.HasError() {
		t.Fatalf("configure: %v", diags)
	}
	return p.Meta().(*apiClient)
}

func resourceData(t *testing.T, kind string, dataSource bool, config map[string]any) (*schema.Resource, *schema.ResourceData) {
	t.Helper()
	p := Provider("test")
	r := p.ResourcesMap[kind]
	if dataSource {
		r = p.DataSourcesMap[kind]
	}
	return r, schema.TestResourceDataRaw(t, r.Schema, config)
}

// wantCall checks one recorded request against method, path, query and (when body is non-nil) the exact
// decoded JSON body.
func wantCall(t *testing.T, got recorded, method, path, query string, body map[string]any) {
	t.Helper()
	if got.Method != method || got.Path != "/api/v3"+path || got.Query != query {
		t.Errorf("request = %s %s?%s, want %s /api/v3%s?%s", got.Method, got.Path, got.Query, method, path, query)
	}
	if body == nil {
		if got.Raw != "" {
			t.Errorf("%s %s sent a body %q, want none", method, path, got.Raw)
		}
		return
	}
	want := roundTrip(t, body)
	if !reflect.DeepEqual(got.Body, want) {
		gotJSON, _ := json.MarshalIndent(got.Body, "", " ")
		wantJSON, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("%s %s body:\n%s\nwant:\n%s", method, path, gotJSON, wantJSON)
	}
}

func roundTrip(t *testing.T, v any) map[string]any {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func wantCount(t *testing.T, calls []recorded, n int) {
	t.Helper()
	if len(calls) != n {
		for _, c := range calls {
			t.Logf("  %s %s?%s", c.Method, c.Path, c.Query)
		}
		t.Fatalf("got %d API calls, want %d", len(calls), n)
	}
}

func stateAttrs(d *schema.ResourceData) map[string]string {
	s := d.State()
	if s == nil {
		return nil
	}
	return s.Attributes
}

func wantAttrs(t *testing.T, d *schema.ResourceData, want map[string]string) {
	t.Helper()
	got := stateAttrs(d)
	for k, v := range want {
		if got[k] != v {
			t.Errorf("state %s = %q, want %q", k, got[k], v)
		}
	}
}

func merged(base map[string]any, over map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}
