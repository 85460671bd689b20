// The local Temporal server: the stock server (go.temporal.io/server, the version go.mod pins) with
// its configuration file, plus who may call what. The frontend takes mutual TLS only (server.yaml);
// here each caller's certificate, by its common name, is given the calls its process needs and no
// others (authorizer.go).
package main

import (
	"flag"
	"fmt"
	"os"
	_ "time/tzdata" // time zones without the system's database

	"go.temporal.io/server/common/authorization"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/log"
	_ "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite" // the local store
	"go.temporal.io/server/temporal"
)

func main() {
	configFile := flag.String("config-file", "", "the server's configuration (YAML, rendered from the environment)")
	namespace := flag.String("namespace", "jishi", "the namespace the callers' certificates are granted")
	flag.Parse()
	if *configFile == "" {
		fail("--config-file is required")
	}
	cfg, err := config.Load(config.WithConfigFile(*configFile))
	if err != nil {
		fail("the configuration cannot be loaded: %v", err)
	}
	logger := log.NewZapLogger(log.BuildZapLogger(cfg.Log))
	server, err := temporal.NewServer(
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithConfig(cfg),
		temporal.WithLogger(logger),
		temporal.InterruptOn(temporal.InterruptCh()),
		temporal.WithClaimMapper(func(*config.Config) authorization.ClaimMapper { return certificateClaims{} }),
		temporal.WithAuthorizer(newCallerAuthorizer(*namespace)),
	)
	if err != nil {
		fail("the server cannot be created: %v", err)
	}
	if err := server.Start(); err != nil {
		fail("the server cannot start: %v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "temporal-server: "+format+"\n", args...)
	os.Exit(1)
}
