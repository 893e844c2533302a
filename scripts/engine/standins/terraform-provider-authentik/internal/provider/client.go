package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
)

// apiClient speaks to authentik's /api/v3 the way the real provider's generated client does: same method,
// path, query and JSON body; Accept and User-Agent headers; default headers (Authorization plus the
// provider's `headers`) added last; the same error strings and the same response validation.
type apiClient struct {
	baseURL   string // e.g. https://authentik.company/api/v3
	http      *http.Client
	userAgent string
	headers   map[string]string
}

// apiError mirrors the generated client's GenericOpenAPIError: Error() is what the diagnostic quotes.
type apiError struct {
	msg  string
	body []byte
}

func (e *apiError) Error() string { return e.msg }

// The generated client's content-type test for JSON bodies.
var jsonContentType = regexp.MustCompile(`(?i:(?:application|text)/(?:[^;]+\+)?json)`)

// call performs one API operation. model names the response schema (empty for 204 operations) and out
// receives the decoded body. The *http.Response is returned whenever one arrived, as the real client does,
// so httpToDiag can tell a 404 and quote the body.
func (c *apiClient) call(ctx context.Context, method, path string, query url.Values, body any, model string, out any) (*http.Response, error) {
	u, err := url.Parse(c.baseURL + path)
	if err != nil {
		return nil, err
	}
	u.RawQuery = query.Encode()

	var reader io.Reader
	if body != nil {
		buf := &bytes.Buffer{}
		if err := json.NewEncoder(buf).Encode(body); err != nil {
			return nil, err
		}
		reader = buf
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), reader)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Add("User-Agent", c.userAgent)
	for name, value := range c.headers {
		req.Header.Add(name, value)
	}

	resp, err := c.http.Do(req)
	if err != nil || resp == nil {
		return resp, err
	}
	raw, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	if err != nil {
		return resp, err
	}
	contentType := resp.Header.Get("Content-Type")

	if resp.StatusCode >= 300 {
		return resp, statusError(resp, raw, contentType)
	}
	if out == nil || model == "" || len(raw) == 0 {
		return resp, nil
	}
	if err := decodeModel(model, raw, contentType, out); err != nil {
		return resp, &apiError{msg: err.Error(), body: raw}
	}
	return resp, nil
}

// statusError builds the message the generated client gives a non-2xx answer: every operation here
// documents 400 (ValidationError) and 403 (GenericError, which has a `detail`); others give the status line.
func statusError(resp *http.Response, raw []byte, contentType string) error {
	e := &apiError{msg: resp.Status, body: raw}
	switch resp.StatusCode {
	case http.StatusBadRequest:
		var v map[string]any
		if err := decodeModel("ValidationError", raw, contentType, &v); err != nil {
			e.msg = err.Error()
		}
	case http.StatusForbidden:
		var v struct {
			Detail string `json:"detail"`
		}
		if err := decodeModel("GenericError", raw, contentType, &v); err != nil {
			e.msg = err.Error()
		} else {
			// formatErrorMessage: TrimSpace(status + " " + " (detail)"), hence the double space.
			e.msg = strings.TrimSpace(fmt.Sprintf("%s %s", resp.Status, fmt.Sprintf("%s (%s)", "", v.Detail)))
		}
	}
	return e
}

func decodeModel(model string, raw []byte, contentType string, out any) error {
	if len(raw) == 0 {
		return nil
	}
	if !jsonContentType.MatchString(contentType) {
		return errors.New("undefined response type")
	}
	if err := checkModel(model, raw); err != nil {
		return err
	}
	return json.Unmarshal(raw, out)
}

// httpToDiag turns a failed call into the real provider's diagnostic (pkg/helpers/errors.go HTTPToDiag):
// a 404 removes the object from state without an error; any other answer quotes method, path and body.
func httpToDiag(d *schema.ResourceData, r *http.Response, err error) diag.Diagnostics {
	if r == nil {
		return diag.Errorf("HTTP Error '%s' without http response", err.Error())
	}
	if r.StatusCode == http.StatusNotFound {
		d.SetId("")
		return diag.Diagnostics{}
	}
	body, readErr := io.ReadAll(r.Body)
	if readErr != nil {
		log.Printf("[DEBUG] authentik: failed to read response: %s", readErr.Error())
	}
	log.Printf("[DEBUG] authentik: error response: %s", string(body))
	return diag.Errorf("HTTP Error '%s' during request '%s %s': \"%s\"", err.Error(), r.Request.Method, r.Request.URL.Path, string(body))
}

// deleteObject is every resource's Delete: DELETE path, success on any 2xx (and on 404, via httpToDiag).
func deleteObject(ctx context.Context, d *schema.ResourceData, m any, path string) diag.Diagnostics {
	hr, err := m.(*apiClient).call(ctx, http.MethodDelete, path, nil, nil, "", nil)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	return diag.Diagnostics{}
}
