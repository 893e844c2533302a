package provider

import (
	"slices"

	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
)

// redirectURI is one allowed_redirect_uris entry. It is comparable:
// the read-back merge matches entries on all three fields, as the real provider's CustomRedirectURI does.
type redirectURI struct {
	MatchingMode string
	URL          string
	Type         string
}

// apiRedirectURI is the RedirectURI model as the server sends it.
type apiRedirectURI struct {
	MatchingMode string  `json:"matching_mode"`
	URL          string  `json:"url"`
	Type         *string `json:"redirect_uri_type"`
}

// redirectURIsFromConfig reads the list of string maps. The real provider type-asserts
// rd["matching_mode"].(string) and rd["url"].(string) and so PANICS (the plugin dies, the engine sees EOF)
// when either key is missing, e.g. for camelCase `matchingMode`; the stand-in returns this error instead.
func redirectURIsFromConfig(raw []any) ([]redirectURI, diag.Diagnostics) {
	out := make([]redirectURI, 0, len(raw))
	for i, item := range raw {
		entry, _ := item.(map[string]any)
		mode, okMode := entry["matching_mode"].(string)
		url, okURL := entry["url"].(string)
		if !okMode || !okURL {
			return nil, diag.Errorf("allowed_redirect_uris[%d] needs the keys \"matching_mode\" and \"url\" "+
				"(snake_case, optionally \"redirect_uri_type\"); got %v. The real provider v2026.5.0 panics here.", i, keys(entry))
		}
		typ, _ := entry["redirect_uri_type"].(string)
		out = append(out, redirectURI{MatchingMode: mode, URL: url, Type: typ})
	}
	return out, nil
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// redirectURIsFromAPI maps a missing redirect_uri_type to "", as the real castRedirectURIs does.
func redirectURIsFromAPI(in []apiRedirectURI) []redirectURI {
	out := make([]redirectURI, len(in))
	for i, u := range in {
		out[i] = redirectURI{MatchingMode: u.MatchingMode, URL: u.URL}
		if u.Type != nil {
			out[i].Type = *u.Type
		}
	}
	return out
}

// redirectURIsToState writes redirect_uri_type only when the server gave one.
func redirectURIsToState(in []redirectURI) []map[string]any {
	out := []map[string]any{}
	for _, u := range in {
		entry := map[string]any{"matching_mode": u.MatchingMode, "url": u.URL}
		if u.Type != "" {
			entry["redirect_uri_type"] = u.Type
		}
		out = append(out, entry)
	}
	return out
}
