package cli_test

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/domain"
	"github.com/roster-crm/roster/internal/store/storetest"
)

// node is one `roster serve` process of a cluster on one PostgreSQL database.
type node struct {
	t    *testing.T
	cmd  *exec.Cmd
	url  string // where it serves
	name string // its name in the job queue
	mu   sync.Mutex
	log  strings.Builder
}

var (
	servingAt = regexp.MustCompile(`Roster is running at (http://\S+)`)
	nodeIs    = regexp.MustCompile(`job queue started" node=(\S+)`)
)

// startNode starts a server on the site's database, with the same secret key and a short worker timeout, and
// waits until it serves.
func startNode(t *testing.T, s *site, key string) *node {
	t.Helper()
	args := append([]string{"serve"}, s.dbFlags...)
	args = append(args, "--listen", "127.0.0.1:0")
	n := &node{t: t, cmd: exec.Command(os.Args[0], "-test.run=^$")}
	n.cmd.Env = append(os.Environ(), "ROSTER_CLI_CHILD="+strings.Join(args, "\x1f"), "ROSTER_LOG_LEVEL=info",
		"ROSTER_SECRET_KEY="+key, "ROSTER_WORKER_TIMEOUT=3s", "ROSTER_DATA_DIR="+t.TempDir())
	stdout, _ := n.cmd.StdoutPipe()
	stderr, _ := n.cmd.StderrPipe()
	if err := n.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.cmd.Process.Kill(); n.cmd.Wait() })
	found := make(chan struct{}, 2)
	scan := func(r io.Reader) {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			line := sc.Text()
			n.mu.Lock()
			n.log.WriteString(line + "\n")
			if m := servingAt.FindStringSubmatch(line); m != nil {
				n.url = m[1]
				found <- struct{}{}
			}
			if m := nodeIs.FindStringSubmatch(line); m != nil {
				n.name = m[1]
				found <- struct{}{}
			}
			n.mu.Unlock()
		}
	}
	go scan(stdout)
	go scan(stderr)
	for range 2 {
		select {
		case <-found:
		case <-time.After(30 * time.Second):
			t.Fatalf("the node did not start:\n%s", n.output())
		}
	}
	return n
}

func (n *node) output() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.log.String()
}

// kill ends the node at once, as a power cut does.
func (n *node) kill() {
	n.cmd.Process.Signal(syscall.SIGKILL)
	n.cmd.Wait()
}

// stop ends the node as an operator's restart does.
func (n *node) stop() {
	n.cmd.Process.Signal(syscall.SIGTERM)
	n.cmd.Wait()
}

// api sends a request with the token and decodes the JSON answer into out.
func api(t *testing.T, method, url, token string, body io.Reader, out any) int {
	t.Helper()
	req, _ := http.NewRequest(method, url, body)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %d %s", method, url, res.StatusCode, b)
		}
	}
	return res.StatusCode
}

// TestClusterOfTwoServers runs two `roster serve` processes on one PostgreSQL database: the periodic work is
// queued once for both; an import whose server is killed mid-way is resumed by the other and ends exactly as
// an uninterrupted import of the same file; recovering by hand during a live import changes nothing; and an
// import goes on while the other server restarts.
func TestClusterOfTwoServers(t *testing.T) {
	var pg *storetest.Backend
	for _, b := range storetest.Backends() {
		if b.Name == "postgres" {
			pg = &b
		}
	}
	if pg == nil {
		t.Skip("the cluster test needs PostgreSQL: set " + storetest.EnvURL)
	}
	const rows = 80000
	var file strings.Builder
	file.WriteString("Vorname;Nachname;E-Mail;PLZ\n")
	for i := range rows {
		fmt.Fprintf(&file, "Person;Nummer%d;p%d@example.org;%05d\n", i, i, 10000+i%900)
	}
	path := filepath.Join(t.TempDir(), "people.csv")
	if err := os.WriteFile(path, []byte(file.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	s := newSite(t, *pg)
	s.ok("", "unit add", "--name", "Land")
	s.ok("velvet-harbour-91-lantern\n", "user add", "--email", "chair@example.org", "--name", "Chair", "--password-stdin")
	s.ok("", "user grant", "--email", "chair@example.org", "--unit", "1", "--role", "admin")
	token := strings.TrimSpace(s.ok("", "user token", "--email", "chair@example.org", "--name", "cluster test"))
	key := base64.StdEncoding.EncodeToString(make([]byte, 32))
	a, b := startNode(t, s, key), startNode(t, s, key)
	db := s.sqlDB()

	// Both servers run the periodic work's schedule; one of them, elected, queues it.
	var counts int
	for i := 0; i < 300 && counts == 0; i++ {
		time.Sleep(100 * time.Millisecond)
		db.QueryRow(`SELECT COUNT(*) FROM river_job WHERE kind = 'unit_counts'`).Scan(&counts)
	}
	time.Sleep(3 * time.Second) // time for a second server to queue it too, if it would
	if err := db.QueryRow(`SELECT COUNT(*) FROM river_job WHERE kind = 'unit_counts'`).Scan(&counts); err != nil || counts != 1 {
		t.Errorf("the member counts were queued %d times by two servers (%v), want once", counts, err)
	}

	startImport := func(n *node) domain.ImportBatch {
		t.Helper()
		f, _ := os.Open(path)
		defer f.Close()
		var batch domain.ImportBatch
		if status := api(t, "POST", n.url+"/api/v1/imports?filename=people.csv&unit_id=1", token, f, &batch); status != http.StatusAccepted {
			t.Fatalf("import through %s: %d %+v", n.name, status, batch)
		}
		return batch
	}
	wait := func(n *node, id int64, until func(domain.ImportBatch) bool) domain.ImportBatch {
		t.Helper()
		deadline := time.Now().Add(90 * time.Second)
		for {
			var batch domain.ImportBatch
			api(t, "GET", fmt.Sprintf("%s/api/v1/imports/%d", n.url, id), token, nil, &batch)
			if until(batch) {
				return batch
			}
			if time.Now().After(deadline) {
				t.Fatalf("import %d: %+v\nnode %s:\n%s\nnode %s:\n%s", id, batch, a.name, a.output(), b.name, b.output())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	// Kill the server that writes the import, mid-way.
	batch := startImport(a)
	wait(a, batch.ID, func(b domain.ImportBatch) bool { return b.RowsDone >= 10000 })
	var owner string
	if err := db.QueryRow(`SELECT owner FROM leases WHERE name = $1`, fmt.Sprintf("import:%d", batch.ID)).Scan(&owner); err != nil {
		t.Fatal(err)
	}
	worker, survivor := a, b
	if strings.HasPrefix(owner, b.name+"/") {
		worker, survivor = b, a
	}
	out := s.ok("", "import recover") // the worker's hold is live: nothing to recover
	if !strings.Contains(out, "0 interrupted imports resumed") {
		t.Errorf("recover during a live import: %q", out)
	}
	worker.kill()
	var killedAt int
	db.QueryRow(`SELECT rows_done FROM import_batches WHERE id = $1`, batch.ID).Scan(&killedAt)
	done := wait(survivor, batch.ID, func(b domain.ImportBatch) bool { return !domain.ImportActive(b.Status) })
	if done.Status != domain.ImportDone || done.RowsDone != rows || done.Created != rows || killedAt >= rows {
		t.Fatalf("after killing %s at %d rows: %+v", worker.name, killedAt, done)
	}
	resumed := s.checksum()

	fresh := newSite(t, *pg)
	fresh.ok("", "unit add", "--name", "Land")
	if out := fresh.ok("", "import", "--unit", "1", path); !strings.Contains(out, fmt.Sprintf("%d created", rows)) {
		t.Fatalf("uninterrupted import: %s", out)
	}
	if whole := fresh.checksum(); whole != resumed {
		t.Errorf("the import resumed after %d rows differs from an uninterrupted one:\n%s\n%s", killedAt, resumed, whole)
	}

	// An import through the survivor goes on while a second server restarts beside it.
	third := startNode(t, s, key)
	batch = startImport(survivor)
	wait(survivor, batch.ID, func(b domain.ImportBatch) bool { return b.RowsDone > 0 })
	third.stop()
	third = startNode(t, s, key)
	done = wait(third, batch.ID, func(b domain.ImportBatch) bool { return !domain.ImportActive(b.Status) })
	if done.Status != domain.ImportDone || done.RowsDone != rows || done.Skipped != rows {
		t.Errorf("the import during a restart: %+v", done)
	}
}
