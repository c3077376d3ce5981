package storetest

import (
	"context"
	"io"
	"net"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/roster-crm/roster/internal/store"
)

// Proxy forwards connections from a port of its own to target. Cut drops every connection and closes the
// port, so that new connections are refused as by a database server that is down; Restore opens the same
// port again. The database server itself is never touched: other tests use it at the same time.
type Proxy struct {
	t      testing.TB
	target string
	addr   string

	mu    sync.Mutex
	ln    net.Listener // nil while cut
	hold  bool         // blackholed: connections are accepted and never answered
	conns map[net.Conn]bool
}

func NewProxy(t testing.TB, target string) *Proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{t: t, target: target, addr: ln.Addr().String(), conns: map[net.Conn]bool{}}
	p.serve(ln)
	t.Cleanup(p.Cut)
	return p
}

func (p *Proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.pipe(c)
		}
	}()
}

func (p *Proxy) pipe(client net.Conn) {
	p.mu.Lock()
	if p.hold { // left open, unanswered, until cut
		p.conns[client] = true
		p.mu.Unlock()
		return
	}
	p.mu.Unlock()
	server, err := net.DialTimeout("tcp", p.target, 5*time.Second)
	if err != nil {
		client.Close()
		return
	}
	p.mu.Lock()
	if p.ln == nil { // cut while dialling
		p.mu.Unlock()
		client.Close()
		server.Close()
		return
	}
	p.conns[client], p.conns[server] = true, true
	p.mu.Unlock()
	go func() {
		_, _ = io.Copy(server, client)
		server.Close()
		client.Close()
	}()
	_, _ = io.Copy(client, server)
	client.Close()
	server.Close()
	p.mu.Lock()
	delete(p.conns, client)
	delete(p.conns, server)
	p.mu.Unlock()
}

// Cut takes the database away: open connections break, new ones are refused.
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
		delete(p.conns, c)
	}
}

// Blackhole makes the database a host that drops packets: open connections break, new ones are accepted
// and never answered.
func (p *Proxy) Blackhole() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.hold = true
	for c := range p.conns {
		c.Close()
		delete(p.conns, c)
	}
}

// Restore brings the database back on the same address.
func (p *Proxy) Restore() {
	p.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		ln, err := net.Listen("tcp", p.addr)
		if err == nil {
			p.mu.Lock()
			p.hold = false
			p.mu.Unlock()
			p.serve(ln)
			return
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("listen on %s again: %v", p.addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// PostgresBehindProxy opens a new, migrated PostgreSQL database through a Proxy.
func PostgresBehindProxy(t *testing.T) (*store.Store, *Proxy) {
	t.Helper()
	if os.Getenv(EnvURL) == "" {
		t.Skip("the database outage is tested on PostgreSQL (an SQLite file does not go away): set " + EnvURL)
	}
	var pg Backend
	for _, b := range Backends() {
		if b.Name == "postgres" {
			pg = b
		}
	}
	u, err := url.Parse(pg.NewURL(t))
	if err != nil {
		t.Fatal(err)
	}
	p := NewProxy(t, u.Host)
	u.Host = p.addr
	ctx := context.Background()
	st, err := store.Open(ctx, u.String(), store.Options{ReadConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(ctx, 0); err != nil {
		t.Fatal(err)
	}
	return st, p
}
