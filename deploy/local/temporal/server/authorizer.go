package main

import (
	"context"
	"strings"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/server/common/api"
	"go.temporal.io/server/common/authorization"
)

// certificateClaims names the caller by its client certificate's common name. The frontend has
// already verified the certificate against the local CA; a call without one never reaches here.
type certificateClaims struct{}

func (certificateClaims) GetClaims(info *authorization.AuthInfo) (*authorization.Claims, error) {
	if info == nil || info.TLSSubject == nil {
		return nil, nil
	}
	return &authorization.Claims{Subject: info.TLSSubject.CommonName, AuthType: "mtls"}, nil
}

// The calls each caller may make beyond reading its namespace. Anything not listed is refused.
var callerWrites = map[string][]string{
	// Starts a case, takes its steps (updates), records a refused attempt (a signal).
	"gateway": {"StartWorkflowExecution", "UpdateWorkflowExecution", "SignalWorkflowExecution"},
	// Delivers services' results, consultation answers and calendar changes to cases (signals).
	"signal-bridge": {"SignalWorkflowExecution"},
	// Runs the cases' workflow and activity tasks; never starts, signals, updates or ends a case.
	"worker": {
		"PollWorkflowTaskQueue", "RespondWorkflowTaskCompleted", "RespondWorkflowTaskFailed",
		"PollActivityTaskQueue", "RespondActivityTaskCompleted", "RespondActivityTaskFailed",
		"RespondActivityTaskCanceled", "RecordActivityTaskHeartbeat", "RespondQueryTaskCompleted",
		"ResetStickyTaskQueue", "ShutdownWorker", "RecordWorkerHeartbeat", "PollNexusTaskQueue",
		"RespondNexusTaskCompleted", "RespondNexusTaskFailed",
	},
	// The Web UI reads.
	"ui": {},
}

// The signals each caller may send (a signal is how a result reaches a case): the gateway records a
// refused attempt; the bridge delivers what it verified on Kafka. A caller's other signal names are refused.
var callerSignals = map[string][]string{
	"gateway":       {"attemptRefused"},
	"signal-bridge": {"serviceResult", "consultationAnswer", "objection", "calendarChanged"},
}

// The administrators: the stack's operator (namespaces, search attributes, the tests' own clients)
// and the server's own system workers.
var administrators = map[string]bool{"operator": true, "temporal-system": true}

type callerAuthorizer struct {
	namespace string
	writes    map[string]map[string]bool
	signals   map[string]map[string]bool
}

func newCallerAuthorizer(namespace string) authorization.Authorizer {
	writes := map[string]map[string]bool{}
	for caller, methods := range callerWrites {
		writes[caller] = map[string]bool{}
		for _, method := range methods {
			writes[caller][method] = true
		}
	}
	signals := map[string]map[string]bool{}
	for caller, names := range callerSignals {
		signals[caller] = map[string]bool{}
		for _, name := range names {
			signals[caller][name] = true
		}
	}
	return &callerAuthorizer{namespace: namespace, writes: writes, signals: signals}
}

var (
	allow = authorization.Result{Decision: authorization.DecisionAllow}
	deny  = authorization.Result{Decision: authorization.DecisionDeny}
)

func (a *callerAuthorizer) Authorize(_ context.Context, claims *authorization.Claims, target *authorization.CallTarget) (authorization.Result, error) {
	if authorization.IsHealthCheckAPI(target.APIName) {
		return allow, nil
	}
	if claims == nil {
		return deny, nil
	}
	principal := &commonpb.Principal{Type: claims.AuthType, Name: claims.Subject}
	if administrators[claims.Subject] {
		return authorization.Result{Decision: authorization.DecisionAllow, Principal: principal}, nil
	}
	writes, known := a.writes[claims.Subject]
	if !known {
		return deny, nil
	}
	metadata := api.GetMethodMetadata(target.APIName)
	method := target.APIName[strings.LastIndex(target.APIName, "/")+1:]
	switch {
	// Reading the cluster's description (the SDKs' first call, the Web UI's) and the callers' own namespace.
	case metadata.Scope == api.ScopeCluster && metadata.Access == api.AccessReadOnly:
	case metadata.Scope == api.ScopeNamespace && target.Namespace == a.namespace && metadata.Access == api.AccessReadOnly:
	case metadata.Scope == api.ScopeNamespace && target.Namespace == a.namespace && writes[method]:
		if signal, ok := target.Request.(*workflowservice.SignalWorkflowExecutionRequest); ok && !a.signals[claims.Subject][signal.GetSignalName()] {
			return deny, nil
		}
	default:
		return deny, nil
	}
	return authorization.Result{Decision: authorization.DecisionAllow, Principal: principal}, nil
}
