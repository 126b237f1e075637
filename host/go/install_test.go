package integration2d

// The package as its users get it: the embedded kernel is dist/kernel's, a -trimpath binary runs from any
// directory, and `go install <module>/cmd/integration2d@version` from a module proxy builds from the files
// a commit would hold — never from the clone's dist/ or from gitignored files.

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// modulePath is go.mod's module line, as `go install` names it.
const modulePath = "github.com/integration2d/integration2d/host/go"

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func TestEmbeddedKernelIsDistKernel(t *testing.T) {
	for _, name := range []string{"simd.wasm", "scalar.wasm", "build.json"} {
		embeddedBytes, err := fs.ReadFile(EmbeddedKernel(), name)
		if err != nil {
			t.Fatalf("host/go/kernel/%s is not embedded: %v", name, err)
		}
		dist, err := os.ReadFile(filepath.Join("..", "..", "dist", "kernel", name))
		if err != nil {
			t.Fatalf("cannot check host/go/kernel/%s against dist/kernel/%s: %v (run `npm run build`)", name, name, err)
		}
		if got, want := sha256Hex(embeddedBytes), sha256Hex(dist); got != want {
			t.Errorf("host/go/kernel/%s is stale: sha256 %s, dist/kernel/%s has %s — run `npm run build` (it copies dist/kernel there) and commit host/go/kernel", name, got, name, want)
		}
	}
}

// jsonBits runs bin with args in dir (no kernel directory in its environment) and returns the record's bits.
func jsonBits(t *testing.T, bin, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = withoutEnv(os.Environ(), KernelDirEnv)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %q in %s: %v\n%s", bin, args, dir, err, stderr.String())
	}
	var r struct{ Bits string }
	if err := json.Unmarshal(out, &r); err != nil || r.Bits == "" {
		t.Fatalf("%s %q: not a record: %q (%v)", bin, args, out, err)
	}
	return r.Bits
}

func withoutEnv(env []string, name string) []string {
	var kept []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			kept = append(kept, kv)
		}
	}
	return kept
}

// theseBitsEverywhere checks a built command against the Node CLI (-n 100 --json, both builds) and against
// a vector of test/vectors.json.
func theseBitsEverywhere(t *testing.T, bin, dir string) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node (for the Node CLI's record) is not on PATH")
	}
	nodeCli, err := filepath.Abs(filepath.Join("..", "..", "dist", "node", "cli.js"))
	if err != nil {
		t.Fatal(err)
	}
	for _, kernel := range []string{"simd", "scalar"} {
		args := []string{"-n", "100", "--json", "-k", kernel}
		want := jsonBits(t, node, dir, append([]string{nodeCli}, args...)...)
		if got := jsonBits(t, bin, dir, args...); got != want {
			t.Errorf("%s %q: bits %s, the Node CLI's %s", bin, args, got, want)
		}
	}
	for _, v := range loadVectors(t) {
		if v.Integrand == "x*y" && v.NX == 100 && v.NY == 1 {
			args := []string{"-f", v.Integrand, "--domain=" + v.DomainText, "--nx", "100", "--ny", "1", "-w", "2", "--json"}
			if got := jsonBits(t, bin, dir, args...); got != v.Bits["simd"] {
				t.Errorf("%s %q: bits %s, vectors.json says %s", bin, args, got, v.Bits["simd"])
			}
			return
		}
	}
	t.Fatal("vectors.json has no x*y vector of 100 × 1")
}

// TestMain built commandPath with -trimpath: it holds no path of this clone, so it cannot look for a kernel
// here; copied to a directory outside the clone, it runs from there.
func TestTrimpathBinaryRunsAnywhere(t *testing.T) {
	clone, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	bin, err := os.ReadFile(commandPath)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(bin, []byte(clone+string(filepath.Separator))) {
		t.Fatalf("%s names %s: not built with -trimpath", commandPath, clone)
	}
	elsewhere := t.TempDir()
	if strings.HasPrefix(elsewhere, clone+string(filepath.Separator)) {
		t.Fatalf("the temporary directory %s is inside the clone", elsewhere)
	}
	copied := filepath.Join(elsewhere, "integration2d")
	if err := os.WriteFile(copied, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	theseBitsEverywhere(t, copied, elsewhere)
}

// moduleFiles are the files of this module a commit would hold: tracked or not ignored, and present.
func moduleFiles(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ".").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	var files []string
	for _, f := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if st, err := os.Stat(f); err == nil && st.Mode().IsRegular() {
			files = append(files, f)
		}
	}
	return files
}

// writeModuleProxy lays out version of this module in dir as a GOPROXY=file:// proxy serves it
// (go help goproxy): list, .info, .mod, and the zip of moduleFiles under "<module>@<version>/".
func writeModuleProxy(t *testing.T, dir, version string) {
	t.Helper()
	at := filepath.Join(dir, filepath.FromSlash(modulePath), "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	var zipped bytes.Buffer
	z := zip.NewWriter(&zipped)
	for _, f := range moduleFiles(t) {
		w, err := z.Create(modulePath + "@" + version + "/" + filepath.ToSlash(f))
		if err != nil {
			t.Fatal(err)
		}
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		_, err = io.Copy(w, r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string][]byte{
		"list":            []byte(version + "\n"),
		version + ".info": []byte(`{"Version":"` + version + `","Time":"2025-01-01T00:00:00Z"}`),
		version + ".mod":  mod,
		version + ".zip":  zipped.Bytes(),
	} {
		if err := os.WriteFile(filepath.Join(at, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// `go install <module>/cmd/integration2d@v0.1.0` as a user runs it once the module is published, with this
// module served from a local proxy and wazero from the module cache's own download directory, into an
// empty module cache: the kernel must come with the committed files. GOSUMDB=off: this machine may be
// offline, and wazero's zip is the one the module cache verified when it was downloaded.
func TestGoInstallFromAModuleProxy(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command again from a module proxy")
	}
	modcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	proxy := filepath.Join(work, "proxy")
	writeModuleProxy(t, proxy, "v0.1.0")
	gobin := filepath.Join(work, "bin")
	cmd := exec.Command("go", "install", modulePath+"/cmd/integration2d@v0.1.0")
	cmd.Dir = work
	cmd.Env = append(withoutEnv(os.Environ(), KernelDirEnv),
		"GOPROXY=file://"+filepath.ToSlash(proxy)+",file://"+filepath.ToSlash(filepath.Join(strings.TrimSpace(string(modcache)), "cache", "download")),
		"GOMODCACHE="+filepath.Join(work, "modcache"), "GOFLAGS=-modcacherw", "GOSUMDB=off", "GOWORK=off",
		"GOBIN="+gobin)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go install %s/cmd/integration2d@v0.1.0: %v\n%s", modulePath, err, out)
	}
	theseBitsEverywhere(t, filepath.Join(gobin, "integration2d"), work)
}
