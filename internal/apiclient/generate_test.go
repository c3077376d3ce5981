package apiclient_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestClientIsGenerated regenerates the client from the document, as go generate does, and fails while the
// committed client.gen.go differs: a change to openapi.json must come with the client it implies.
func TestClientIsGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("builds oapi-codegen")
	}
	out := filepath.Join(t.TempDir(), "client.gen.go")
	cmd := exec.Command("go", "tool", "oapi-codegen", "-config", "oapi-codegen.yaml", "-o", out, "../api/openapi.json")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("oapi-codegen: %v\n%s", err, msg)
	}
	fresh, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("client.gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fresh, committed) {
		t.Fatal("client.gen.go is stale: run go generate ./internal/apiclient")
	}
}
