package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func build(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "terraform-provider-authentik_v2026.5.0")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// The binary must answer go-plugin's handshake the way Terraform (and the bridge's loader) expect from an
// SDKv2 provider: core protocol 1, plugin protocol 5, gRPC.
func TestBinaryServesPluginProtocol5(t *testing.T) {
	bin := build(t)
	if out, err := exec.Command(bin, "-version").Output(); err != nil || strings.TrimSpace(string(out)) != "2026.5.0-standin" {
		t.Errorf("-version = %q, %v", out, err)
	}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(),
		"TF_PLUGIN_MAGIC_COOKIE=d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
		"PLUGIN_PROTOCOL_VERSIONS=5")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	line := make(chan string, 1)
	go func() {
		s := bufio.NewScanner(stdout)
		if s.Scan() {
			line <- s.Text()
		}
		close(line)
	}()
	select {
	case got := <-line:
		if !regexp.MustCompile(`^1\|5\|unix\|[^|]+\|grpc\|`).MatchString(got) {
			t.Errorf("handshake line %q, want 1|5|unix|<socket>|grpc|…", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no handshake within 10s")
	}
}
