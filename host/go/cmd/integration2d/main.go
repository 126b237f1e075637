// Command integration2d is the Go (wazero) host's CLI: the Node CLI's options, messages and exit codes.
package main

import (
	"context"
	"os"
	"os/signal"

	integration2d "integration2d/host/go"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := integration2d.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
