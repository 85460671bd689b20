package main

import (
	"context"
	"strings"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
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
	// Runs the cases' workflow and activity tasks (their commands checked below); never starts, signals,
	// updates or ends another case.
	"worker": {
		"PollWorkflowTaskQueue", "RespondWorkflowTaskCompleted", "RespondWorkflowTaskFailed",
		"PollActivityTaskQueue", "RespondActivityTaskCompleted", "RespondActivityTaskFailed",
		"RespondActivityTaskCanceled", "RecordActivityTaskHeartbeat", "RespondQueryTaskCompleted",
		"ResetStickyTaskQueue", "ShutdownWorker", "RecordWorkerHeartbeat",
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

// The only workflow the gateway starts.
const caseWorkflowType = "caseWorkflow"

// The commands a workflow task of the case workflow may complete with: its own timers, activities,
// markers (patches), search attributes, memo, update protocol messages and its own end. Never a
// signal to, a cancellation of or a child of another workflow, nor a Nexus operation.
var workflowCommands = map[enumspb.CommandType]bool{
	enumspb.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK:             true,
	enumspb.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK:       true,
	enumspb.COMMAND_TYPE_START_TIMER:                        true,
	enumspb.COMMAND_TYPE_CANCEL_TIMER:                       true,
	enumspb.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION:        true,
	enumspb.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION:            true,
	enumspb.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION:          true,
	enumspb.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION: true,
	enumspb.COMMAND_TYPE_RECORD_MARKER:                      true,
	enumspb.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:  true,
	enumspb.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES:         true,
	enumspb.COMMAND_TYPE_PROTOCOL_MESSAGE:                   true,
}

// startsOnlyANewCase: a start that cannot end, replace or reuse an existing case and runs nothing but
// the case workflow, now, once (no cron, no delay, no callbacks, no eager start).
func startsOnlyANewCase(r *workflowservice.StartWorkflowExecutionRequest) bool {
	conflict := r.GetWorkflowIdConflictPolicy()
	return r.GetWorkflowType().GetName() == caseWorkflowType &&
		r.GetWorkflowIdReusePolicy() == enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE &&
		(conflict == enumspb.WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED || conflict == enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL) &&
		r.GetCronSchedule() == "" && r.GetWorkflowStartDelay() == nil && len(r.GetCompletionCallbacks()) == 0 &&
		r.GetOnConflictOptions() == nil && !r.GetRequestEagerExecution()
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
		switch request := target.Request.(type) {
		case *workflowservice.SignalWorkflowExecutionRequest:
			if !a.signals[claims.Subject][request.GetSignalName()] {
				return deny, nil
			}
		case *workflowservice.StartWorkflowExecutionRequest:
			if !startsOnlyANewCase(request) {
				return deny, nil
			}
		case *workflowservice.RespondWorkflowTaskCompletedRequest:
			for _, command := range request.GetCommands() {
				if !workflowCommands[command.GetCommandType()] {
					return deny, nil
				}
			}
		}
	default:
		return deny, nil
	}
	return authorization.Result{Decision: authorization.DecisionAllow, Principal: principal}, nil
}
