package mail

import (
	"bufio"
	"context"
	"encoding/base64"
	"net"
	"strings"
	"testing"
)

// fakeServer speaks enough SMTP (RFC 5321) to receive one message, with AUTH PLAIN, and records the session.
func fakeServer(t *testing.T) (addr string, got chan string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	got = make(chan string, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		r, w := bufio.NewReader(conn), bufio.NewWriter(conn)
		say := func(s string) { w.WriteString(s + "\r\n"); w.Flush() }
		var log strings.Builder
		say("220 test ESMTP")
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\r\n")
			log.WriteString(line + "\n")
			switch cmd := strings.ToUpper(strings.Fields(line + " x")[0]); cmd {
			case "EHLO":
				say("250-test\r\n250 AUTH PLAIN")
			case "AUTH":
				say("235 ok")
			case "MAIL", "RCPT":
				say("250 ok")
			case "DATA":
				say("354 go on")
				for {
					l, err := r.ReadString('\n')
					if err != nil || l == ".\r\n" {
						break
					}
					log.WriteString(l)
				}
				say("250 queued")
			case "QUIT":
				say("221 bye")
				got <- log.String()
				return
			default:
				say("502 no")
			}
		}
	}()
	return ln.Addr().String(), got
}

func TestSendOverSMTP(t *testing.T) {
	addr, got := fakeServer(t)
	s, err := New("smtp://roster:s3cret@"+addr, "Roster <roster@example.org>")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), "Jürgen <juergen@example.org>", "Einladung für Jürgen", "Hallo Jürgen,\nwillkommen.\n"); err != nil {
		t.Fatal(err)
	}
	log := <-got
	creds := base64.StdEncoding.EncodeToString([]byte("\x00roster\x00s3cret"))
	for _, want := range []string{"AUTH PLAIN " + creds, "MAIL FROM:<roster@example.org>", "RCPT TO:<juergen@example.org>",
		"Subject: =?utf-8?q?Einladung_f=C3=BCr_J=C3=BCrgen?=", "Content-Type: text/plain; charset=utf-8", "Hallo Jürgen,\r\nwillkommen."} {
		if !strings.Contains(log, want) {
			t.Errorf("SMTP session lacks %q:\n%s", want, log)
		}
	}
}

func TestConfiguration(t *testing.T) {
	for _, bad := range []string{"http://host", "smtp://", "mail.example.org"} {
		if _, err := New(bad, "a@example.org"); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := New("smtp://host", "not an address"); err == nil {
		t.Error("bad sender accepted")
	}
	s, err := New("smtps://u:p@mail.example.org", "a@example.org")
	if err != nil || s.addr != "mail.example.org:465" || !s.implicit {
		t.Errorf("smtps default port: %+v %v", s, err)
	}
}
