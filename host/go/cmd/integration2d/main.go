// Command integration2d is the Go (wazero) host's CLI: the Node CLI's options, messages and exit codes.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	integration2d "github.com/integration2d/integration2d/host/go"
)

func main() {
	// A reader that has gone away is a write error (EPIPE) that Main reports, not a silent death by SIGPIPE.
	signal.Ignore(syscall.SIGPIPE)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := integration2d.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
