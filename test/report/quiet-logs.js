// In a test run, the processes of Jishi that a test builds in its own process (a service's app in an
// integration test) log warnings and errors only; the processes the suites start as a deployment runs
// them (test/e2e's SystemUnderTest) log at info, as they would in production.
process.env.LOG_LEVEL ??= 'warn';
