// Command roster is Roster's single binary: the web server, migrations, demo data and operator commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/roster-crm/roster/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.IO{Env: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	os.Exit(code)
}
